"""Modern runtime helpers that ported legacy programs call.

``graphae port`` rewrites Theano programs into PyTensor code; where PyTensor
has no drop-in equivalent of a Theano behaviour, the converted program calls
one of these functions instead. They are built on :mod:`graphae.backend`
(the one home of version-sensitive PyTensor calls) and on the core's costs
(:mod:`graphae.objectives`), and the Theano compatibility layer
(:mod:`graphae.compat`) is built on them too:

- :func:`function`: compiles with graphae's default mode (C + BLAS), accepts
  update lists or dicts, inputs with default values (:class:`Input`), and
  casts float updates to the shared variable's dtype as Theano did for
  ``float32`` parameters updated with ``float64`` constants; updates of
  random generators drawn through this module are added automatically;
- :func:`binomial`, :func:`normal`, :func:`uniform`, :func:`integers`: draws
  from an explicit shared generator with the legacy argument order (``size``
  first, ``avg``/``std``, ``dtype``), which PyTensor's own calls do not accept;
- :func:`relu`, :func:`softmax`, :func:`binary_crossentropy`,
  :func:`categorical_crossentropy`: the exact legacy formulas.
"""

from __future__ import annotations

import pytensor.tensor as pt
from pytensor.graph.basic import Variable

from graphae import objectives
from graphae.backend import (
    ancestors,
    compile_function,
    draw,
    float_x,
    is_generator_variable,
    is_shared_variable,
    shared_generator,
    softmax_rows,
)
from graphae.ported._nnet import (
    batch_normalization,
    batch_normalization_test,
    batch_normalization_train,
    conv2d,
    legacy_conv2d,
    max_pool_2d,
    pool_2d,
)
from graphae.ported._pickle import dump, dumps, restricted_load, restricted_loads
from graphae.ported._scan import scan
from graphae.ported._streams import _PENDING_UPDATES, _SCAN_REDIRECTS

__all__ = ["Input", "batch_normalization", "batch_normalization_test",
           "batch_normalization_train", "binary_crossentropy", "binomial",
           "categorical_crossentropy", "conv2d", "dump", "dumps", "function", "integers",
           "legacy_conv2d", "max_pool_2d", "normal", "pool_2d", "relu", "restricted_load",
           "restricted_loads", "scan", "shared_generator", "softmax", "uniform"]


def _current_state(rng):
    """The state the next draw from ``rng`` starts from (the newest drawn here)."""
    return _PENDING_UPDATES.get(rng, rng)


def _draw(rng, distribution, *parameters, size, dtype, default_dtype):
    if not is_generator_variable(rng):
        raise TypeError("graphae.ported draws take a shared generator "
                        f"(graphae.ported.shared_generator), not {type(rng).__name__}")
    if _SCAN_REDIRECTS:
        rng = _SCAN_REDIRECTS[-1](rng)
    if size is not None and not isinstance(size, (list, tuple)) and getattr(size, "ndim", 1) == 0:
        size = (size,)
    next_state, value = draw(distribution, *parameters, rng=_current_state(rng), size=size)
    _PENDING_UPDATES[rng] = next_state
    dtype = dtype or default_dtype
    return value if value.dtype == dtype else value.astype(dtype)


def binomial(rng, size=None, n=1, p=0.5, ndim=None, dtype="int64"):
    """Binomial draws with the legacy signature ``(size, n, p, ndim, dtype)``.

    ``dtype`` may be a float type (PyTensor's ``binomial`` rejects that; the
    draw is cast instead). ``ndim`` is accepted and ignored.

    Examples
    --------
    >>> rng = shared_generator(0)
    >>> mask = binomial(rng, size=(2, 3), p=1.0, dtype="float64")
    >>> function([], mask)().tolist()
    [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]
    """
    return _draw(rng, "binomial", n, p, size=size, dtype=dtype, default_dtype="int64")


def normal(rng, size=None, avg=0.0, std=1.0, ndim=None, dtype=None):
    """Normal draws with the legacy signature ``(size, avg, std, ndim, dtype)``.

    PyTensor's deprecated ``RandomStream.normal(size=, avg=, std=)`` ignores
    ``avg`` and ``std`` and reads a positional size as the mean; this does not.

    Examples
    --------
    >>> draws = function([], normal(shared_generator(0), (20000,), avg=5.0, std=2.0))()
    >>> round(float(draws.mean())), round(float(draws.std()))
    (5, 2)
    """
    return _draw(rng, "normal", avg, std, size=size, dtype=dtype, default_dtype=float_x())


def uniform(rng, size=None, low=0.0, high=1.0, ndim=None, dtype=None):
    """Uniform draws with the legacy signature ``(size, low, high, ndim, dtype)``.

    Examples
    --------
    >>> draws = function([], uniform(shared_generator(0), (1000,), low=2.0, high=3.0))()
    >>> bool(draws.min() >= 2.0 and draws.max() < 3.0)
    True
    """
    return _draw(rng, "uniform", low, high, size=size, dtype=dtype, default_dtype=float_x())


def integers(rng, size=None, low=0, high=1, dtype="int64"):
    """Integers in ``[low, high]``, both ends included (Theano's ``random_integers``).

    Examples
    --------
    >>> draws = function([], integers(shared_generator(0), (500,), low=3, high=5))()
    >>> sorted(set(draws.tolist()))
    [3, 4, 5]
    """
    return _draw(rng, "integers", low, high + 1, size=size, dtype=dtype,
                 default_dtype="int64")


def relu(x, alpha=0):
    """Theano's ``relu``: ``0.5 * (x + abs(x))``, leaky for ``alpha != 0``.

    Its gradient at 0 is 0.5 (``maximum(x, 0)`` gives 1), as in Theano. The
    lectures' :func:`graphae.nonlinearities.relu` differs on purpose: Theano's
    semantics live only in the porting wing.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> relu(pt.constant(np.array([-2.0, 0.0, 3.0])), alpha=0.1).eval().round(6).tolist()
    [-0.2, 0.0, 3.0]
    """
    if alpha == 0:
        return 0.5 * (x + abs(x))
    f1, f2 = 0.5 * (1 + alpha), 0.5 * (1 - alpha)
    return f1 * x + f2 * abs(x)


def softmax(x):
    """Row-wise softmax, as Theano's ``T.nnet.softmax`` (a vector becomes 1×n).

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> softmax(pt.constant(np.zeros(2))).eval().tolist()
    [[0.5, 0.5]]
    """
    x = pt.as_tensor_variable(x)
    if x.ndim == 1:
        x = x.dimshuffle("x", 0)
    return softmax_rows(x)


def binary_crossentropy(output, target):
    """Elementwise ``-(target * log(output) + (1 - target) * log(1 - output))``.

    Theano's argument order (output first) over graphae's one binary
    cross-entropy, :func:`graphae.objectives.binary_crossentropy`.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> round(float(binary_crossentropy(pt.constant(0.5), pt.constant(1.0)).eval()), 4)
    0.6931
    """
    return objectives.binary_crossentropy(target, output, reduction="none")


def categorical_crossentropy(coding_dist, true_dist):
    """Per-row cross-entropy; ``true_dist`` holds integer labels or one-hot rows.

    Integer labels go through graphae's one negative log-likelihood,
    :func:`graphae.objectives.negative_log_likelihood`.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> P = pt.constant(np.array([[0.5, 0.5], [0.2, 0.8]]))
    >>> categorical_crossentropy(P, pt.constant(np.array([0, 1]))).eval().round(4).tolist()
    [0.6931, 0.2231]
    """
    true_dist = pt.as_tensor_variable(true_dist)
    if true_dist.ndim == coding_dist.ndim:
        return -pt.sum(true_dist * pt.log(coding_dist), axis=coding_dist.ndim - 1)
    if true_dist.ndim == coding_dist.ndim - 1 and true_dist.dtype.startswith(("int", "uint")):
        return objectives.negative_log_likelihood(coding_dist, true_dist, reduction="none")
    raise TypeError("true_dist must be integer labels (one dimension less) or a "
                    "distribution of the same dimension as coding_dist")


class Input:
    """A function input with a default value (Theano's ``In(var, value=...)``).

    Examples
    --------
    >>> import pytensor.tensor as pt
    >>> x, rate = pt.scalar("x"), pt.scalar("rate")
    >>> scale = function([x, Input(rate, value=2.0)], x * rate)
    >>> float(scale(3.0)), float(scale(3.0, 10.0)), float(scale(3.0, rate=4.0))
    (6.0, 30.0, 12.0)
    """

    _NO_DEFAULT = object()

    def __init__(self, variable, value=_NO_DEFAULT, name=None, **ignored):
        self.variable, self.value = variable, value
        self.name = name or variable.name

    @property
    def has_default(self):
        return self.value is not self._NO_DEFAULT


class _FunctionWithDefaults:
    """A compiled function whose trailing inputs have default values."""

    def __init__(self, compiled, inputs):
        self.compiled, self.inputs = compiled, inputs

    def __call__(self, *args, **kwargs):
        values = list(args)
        for spec in self.inputs[len(args):]:
            if spec.name in kwargs:
                values.append(kwargs.pop(spec.name))
            elif spec.has_default:
                values.append(spec.value)
            else:
                raise TypeError(f"missing value for input {spec.name!r}")
        if kwargs:
            raise TypeError(f"unknown input name(s): {', '.join(kwargs)}")
        return self.compiled(*values)

    def __getattr__(self, name):
        return getattr(self.compiled, name)


def _cast_update(shared, value):
    if not isinstance(shared.type, pt.TensorType):  # random generators, etc.
        return value
    value = pt.as_tensor_variable(value)
    if value.dtype != shared.dtype and value.dtype.startswith("float") and (
            str(shared.dtype).startswith("float")):
        return value.astype(shared.dtype)
    return value


def _next_states(variables):
    """generator -> the generator a node of the graph turns it into (a draw, a scan)."""
    following = {}
    for variable in variables:
        node = variable.owner
        if node is None:
            continue
        given = [v for v in node.inputs if is_generator_variable(v)]
        returned = [v for v in node.outputs if is_generator_variable(v)]
        if len(given) == 1 and len(returned) == 1:
            following[given[0]] = returned[0]
    return following


def _generator_updates(outputs, updates):
    """Updates for every shared generator the graph draws from without an update.

    Draws made through this module give their newest state; other draws
    from a shared generator (a graphae tutorial's ``get_corrupted_input``
    returns its sample alone) are found in the graph and followed to the
    last state, as Theano's ``RandomStreams`` updated them.
    """
    roots = [v for v in outputs if isinstance(v, Variable)]
    roots += [v for _, v in updates]
    updated = {shared for shared, _ in updates}
    graph = list(ancestors(roots))
    following = _next_states(graph)
    found = {}
    for variable in graph:
        if variable in updated or not (is_shared_variable(variable)
                                       and is_generator_variable(variable)):
            continue
        if variable in _PENDING_UPDATES:
            found[variable] = _PENDING_UPDATES[variable]
            continue
        state = variable
        while state in following:
            state = following[state]
        if state is not variable:
            found[variable] = state
    return list(found.items())


def function(inputs, outputs=None, mode=None, updates=None, givens=None,
             no_default_updates=False, allow_input_downcast=None, on_unused_input=None,
             name=None, **ignored):
    """Compile like Theano's ``function`` on graphae's default mode.

    Parameters
    ----------
    inputs : list of Variable or :class:`Input`
    outputs : Variable or list, optional
    mode : str, optional
        ``"c"``, ``"numba"``, ``"jax"``; legacy names (``"FAST_RUN"``...)
        mean graphae's default.
    updates : list of pairs or dict, optional
    givens : list of pairs or dict, optional
    no_default_updates : bool, default False
        Do not add the updates of the generators the graph draws from.
    allow_input_downcast, on_unused_input, name
        As in Theano.

    Examples
    --------
    >>> import numpy as np
    >>> from graphae.backend import plain_shared
    >>> w = plain_shared(np.float32(1.0))
    >>> step = function([], w, updates={w: w - 0.1})  # float64 constant, float32 w
    >>> _ = step(); round(float(w.get_value()), 6)
    0.9
    """
    specs = [item if isinstance(item, Input) else Input(item) for item in inputs]
    if hasattr(updates, "items"):
        updates = list(updates.items())
    updates = [(shared, _cast_update(shared, value)) for shared, value in (updates or [])]
    if hasattr(givens, "items"):
        givens = list(givens.items())
    output_list = outputs if isinstance(outputs, (list, tuple)) else [outputs]
    if not no_default_updates:
        updates += _generator_updates(output_list, updates)
    graphae_mode = mode if mode in ("c", "numba", "jax") else None
    compiled = compile_function(
        [spec.variable for spec in specs], [] if outputs is None else outputs,
        updates=updates, givens=givens, mode=graphae_mode, name=name,
        allow_input_downcast=allow_input_downcast,
        on_unused_input=on_unused_input or "raise")
    if any(spec.has_default for spec in specs):
        return _FunctionWithDefaults(compiled, specs)
    return compiled
