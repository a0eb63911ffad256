"""The estimator contract (scikit-learn's): parameters, cloning, scoring mixins."""

from __future__ import annotations

import copy
import inspect

import numpy as np

from graphae._validation import check_labels

__all__ = ["AutoencoderMixin", "BaseEstimator", "ClassifierMixin", "NotFittedError", "clone"]


class NotFittedError(ValueError, AttributeError):
    """Raised when a model is used before ``fit`` (the same bases as scikit-learn's).

    Examples
    --------
    >>> import graphae
    >>> try:
    ...     graphae.ANN([3]).predict([[0.0]])
    ... except NotFittedError as error:
    ...     print(error)
    this ANN is not fitted yet; call fit first
    """


class BaseEstimator:
    """Constructor arguments are hyper-parameters; learned state ends in ``_``.

    Subclasses list every hyper-parameter as an explicit keyword of
    ``__init__`` and store it unchanged under the same name.

    Examples
    --------
    >>> from graphae import ANN
    >>> ann = ANN([10], epochs=3)
    >>> ann.get_params()["epochs"]
    3
    >>> ann.set_params(epochs=5).epochs
    5
    """

    @classmethod
    def _get_param_names(cls):
        signature = inspect.signature(cls.__init__)
        names = []
        for name, parameter in signature.parameters.items():
            if name == "self":
                continue
            if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                raise TypeError(f"{cls.__name__}.__init__ must not take *args or **kwargs")
            names.append(name)
        return sorted(names)

    def get_params(self, deep=True):
        """Hyper-parameters as a dict ``{name: value}``.

        Parameters
        ----------
        deep : bool, default True
            Accepted for scikit-learn compatibility (graphae models hold no
            nested estimators).
        """
        return {name: getattr(self, name) for name in self._get_param_names()}

    def set_params(self, **params):
        """Set hyper-parameters; returns ``self``.

        A model whose graph depends on a changed hyper-parameter (an
        activation, the layer sizes) forgets its compiled functions and is
        rebuilt by the next ``fit``.

        Raises
        ------
        ValueError
            For a name that is not a hyper-parameter of this model.
        """
        valid = set(self._get_param_names())
        for name, value in params.items():
            if name not in valid:
                raise ValueError(
                    f"invalid parameter {name!r} for {type(self).__name__}; "
                    f"valid parameters: {', '.join(sorted(valid))}"
                )
            setattr(self, name, value)
        if hasattr(self, "_on_params_changed"):
            self._on_params_changed(list(params))
        return self

    def __repr__(self):
        defaults = {
            name: parameter.default
            for name, parameter in inspect.signature(type(self).__init__).parameters.items()
        }
        shown = []
        for name, value in self.get_params().items():
            default = defaults.get(name, inspect.Parameter.empty)
            if default is inspect.Parameter.empty or not _same(value, default):
                shown.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(shown)})"


def _same(a, b):
    try:
        return bool(np.all(a == b)) and type(a) is type(b)
    except Exception:
        return a is b


def clone(estimator):
    """A new, unfitted estimator with deep copies of the same hyper-parameters.

    Examples
    --------
    >>> from graphae import DeepAutoEncoder
    >>> original = DeepAutoEncoder([4, 2], epochs=7)
    >>> copy_ = clone(original)
    >>> copy_.get_params() == original.get_params() and copy_ is not original
    True
    """
    if not hasattr(estimator, "get_params"):
        raise TypeError(f"cannot clone {estimator!r}: it has no get_params")
    params = {name: copy.deepcopy(value) for name, value in estimator.get_params().items()}
    return type(estimator)(**params)


class ClassifierMixin:
    """``score`` is the accuracy of ``predict``.

    Examples
    --------
    >>> from graphae import ANN
    >>> ANN._estimator_type
    'classifier'
    """

    _estimator_type = "classifier"

    def score(self, X, y):
        """Fraction of rows of ``X`` whose predicted label equals ``y``."""
        X = self._checked(X)
        y = check_labels(y, X.shape[0], self.n_classes_)
        return float(np.mean(self.predict(X) == y))


class AutoencoderMixin:
    """``score`` is minus the reconstruction cost (higher is better).

    Examples
    --------
    >>> from graphae import DeepAutoEncoder
    >>> DeepAutoEncoder._estimator_type
    'autoencoder'
    """

    _estimator_type = "autoencoder"

    def score(self, X, y=None):
        """``-reconstruction_cost(X)``; ``y`` is ignored."""
        return -self.reconstruction_cost(X)
