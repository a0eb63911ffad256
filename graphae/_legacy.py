"""The table of legacy (lecture / Theano-era) names and the aliasing machinery.

Every legacy spelling graphae accepts is recorded here, once. A legacy
*method* name is bound to the very same function object as its modern name;
a legacy *attribute* name is a property that returns the very object stored
under the modern name (a dotted path reaches into a sub-object); a legacy
*keyword* of a method is renamed to the modern keyword before the call.
"""

from __future__ import annotations

import functools
import operator

#: class name -> {legacy attribute or method name: modern name or dotted path}
LEGACY_ALIASES = {
    "Layer": {"forwardT": "forward_transposed"},
    "HiddenLayer": {},
    "SoftmaxLayer": {},
    "DeepAutoEncoder": {
        "map2center": "transform",
        "layers": "layers_",
        "params": "params_",
        "costs": "costs_",
    },
    "DenoisingAutoEncoder": {
        "get_hidden_values": "encode",
        "get_reconstructed_input": "decode",
        "get_cost_updates": "cost_updates",
        "theano_rng": "rng",
    },
    "MLPClassifier": {"hiddenLayers": "hidden_layers_", "logRegressionLayer": "output_layer_"},
    "ANN": {
        "allWs": "weights_",
        "hidden_layers": "hidden_layers_",
        "params": "params_",
        "W": "output_layer_.W",
        "b": "output_layer_.b",
        "costs": "costs_",
        "W_changes": "weight_changes_",
    },
}

#: (class name, method name) -> {legacy keyword: modern keyword}
LEGACY_KEYWORDS = {
    ("DeepAutoEncoder", "fit"): {"mu": "momentum", "batch_sz": "batch_size"},
    ("ANN", "fit"): {"mu": "momentum", "batch_sz": "batch_size"},
    ("MLPClassifier", "__init__"): {"L1_reg": "l1_penalty", "L2_reg": "l2_penalty",
                                    "n_epochs": "epochs"},
}


#: module -> {legacy function or class name: modern name}
LEGACY_FUNCTIONS = {
    "graphae.datasets": {"getKaggleMNIST": "get_kaggle_mnist"},
    "graphae.tutorials": {"dA": "DenoisingAutoEncoder", "SdA": "StackedDenoisingAutoEncoder"},
}


def install_function_aliases(module_name, namespace):
    """Bind each legacy function name of ``module_name`` to its modern function.

    Returns the legacy names installed (for ``__all__``).
    """
    aliases = LEGACY_FUNCTIONS.get(module_name, {})
    for legacy, modern in aliases.items():
        namespace[legacy] = namespace[modern]
    return list(aliases)


def rename_keywords(method, renames):
    """Wrap ``method`` so that legacy keywords are passed as modern ones.

    Raises
    ------
    TypeError
        When both spellings of one argument are given.
    """

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        for legacy, modern in renames.items():
            if legacy in kwargs:
                if modern in kwargs:
                    raise TypeError(
                        f"{method.__qualname__}() got both {legacy!r} and its "
                        f"modern name {modern!r}; pass only {modern!r}"
                    )
                kwargs[modern] = kwargs.pop(legacy)
        return method(self, *args, **kwargs)

    wrapper.legacy_keywords = dict(renames)
    return wrapper


def _attribute_alias(path):
    getter = operator.attrgetter(path)
    head, _, last = path.rpartition(".")

    def fget(self):
        return getter(self)

    def fset(self, value):
        owner = operator.attrgetter(head)(self) if head else self
        setattr(owner, last, value)

    return property(fget, fset, doc=f"Legacy alias of ``{path}``.")


def _find_in_mro(cls, name):
    for klass in cls.__mro__:
        if name in vars(klass):
            return vars(klass)[name]
    return None


def legacy_names(cls):
    """Class decorator installing the aliases that the tables list for ``cls``."""
    for (owner, method_name), renames in LEGACY_KEYWORDS.items():
        if owner == cls.__name__:
            setattr(cls, method_name, rename_keywords(vars(cls)[method_name], renames))
    for legacy, modern in LEGACY_ALIASES.get(cls.__name__, {}).items():
        target = _find_in_mro(cls, modern)
        if callable(target) and not isinstance(target, property):
            setattr(cls, legacy, target)
        else:
            setattr(cls, legacy, _attribute_alias(modern))
    return cls
