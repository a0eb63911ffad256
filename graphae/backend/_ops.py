"""Symbolic building blocks whose PyTensor spelling changed across versions.

Theano spelled these ``T.nnet.sigmoid``, ``T.nnet.softmax`` (row-wise),
``theano.shared``; PyTensor 3 moved or changed them. Models import them from
here so that a future PyTensor change touches one file.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytensor
import pytensor.tensor as pt
from pytensor.compile.sharedvalue import SharedVariable
from pytensor.graph.traversal import ancestors as _ancestors
from pytensor.tensor.special import log_softmax as _log_softmax
from pytensor.tensor.special import softmax as _softmax


def float_x() -> str:
    """PyTensor's default float dtype (``pytensor.config.floatX``).

    Examples
    --------
    >>> float_x() in {"float32", "float64"}
    True
    """
    return pytensor.config.floatX


def shared(value, name: str | None = None, dtype: str | None = None):
    """A shared variable holding ``value`` cast to ``dtype`` (default floatX).

    Parameters
    ----------
    value : array_like
        Initial value; copied.
    name : str, optional
        Variable name shown in graphs.
    dtype : str, optional
        Storage dtype; None means ``float_x()`` for floating values and the
        value's own dtype otherwise.

    Examples
    --------
    >>> w = shared([[1, 2]], name="w", dtype="float64")
    >>> w.get_value().dtype.name, w.name
    ('float64', 'w')
    """
    array = np.asarray(value)
    if dtype is None:
        dtype = float_x() if array.dtype.kind == "f" else array.dtype
    return pytensor.shared(np.array(array, dtype=dtype), name=name)


def sigmoid(x):
    """Logistic sigmoid, ``1 / (1 + exp(-x))`` (Theano's ``T.nnet.sigmoid``).

    Examples
    --------
    >>> float(sigmoid(0.0).eval())
    0.5
    """
    return pt.sigmoid(x)


def softmax_rows(x):
    """Row-wise softmax, as Theano's ``T.nnet.softmax``.

    PyTensor's ``softmax`` without ``axis`` normalises the whole matrix, a
    silent wrong answer for ported code; this always normalises each row.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> softmax_rows(pt.constant(np.zeros((2, 2)))).eval().tolist()
    [[0.5, 0.5], [0.5, 0.5]]
    """
    return _softmax(x, axis=-1)


def log_softmax_rows(x):
    """Row-wise ``log(softmax(x))``, computed stably (Theano had no public one).

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> np.exp(log_softmax_rows(pt.constant(np.array([[0.0, 1000.0]]))).eval()).tolist()
    [[0.0, 1.0]]
    """
    return _log_softmax(x, axis=-1)


def sum_all(x):
    """The sum of every element of ``x``, a matrix summed column by column first.

    PyTensor's C reduction over all elements is one sequential chain of
    additions (its order may not change without ``-fassociative-math``):
    0.45 ms for ``Σ W²`` of a 784 × 512 float32 weight matrix. Summing over
    axis 0 first keeps one accumulator per column, which gcc vectorises
    without reordering any sum (0.08-0.12 ms); a dot product then adds the
    column totals. Each column is accumulated in float64; for float32 input
    its total is rounded to float32 before that last sum.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> float(sum_all(pt.constant(np.array([[1.0, -2.0], [3.0, -6.0]]))).eval())
    -4.0
    """
    if x.ndim != 2:
        return x.sum()
    column_sums = x.sum(axis=0)
    # a dot, not a second sum: PyTensor would merge sum(sum(., axis=0)) into one chain
    return pt.dot(column_sums, pt.ones_like(column_sums))


def mean_abs(x):
    """``mean(|x|)`` of a matrix, summed column by column first (:func:`sum_all`).

    0.33 ms per step with PyTensor's one-chain reduction for the 784 × 1000
    weight change of the lecture's ANN, 0.04 ms this way.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> float(mean_abs(pt.constant(np.array([[1.0, -2.0], [3.0, -6.0]]))).eval())
    3.0
    """
    total = sum_all(pt.abs(x))
    return total / pt.cast(x.size, total.dtype)


def grad(cost, wrt, consider_constant=None, **options):
    """Symbolic gradient of a scalar ``cost`` with respect to ``wrt``.

    ``options`` go to ``pytensor.grad`` (``disconnected_inputs=``...).

    Examples
    --------
    >>> import pytensor.tensor as pt
    >>> x = pt.scalar("x")
    >>> float(grad(x ** 2, x).eval({x: 3.0}))
    6.0
    """
    return pytensor.grad(cost, wrt, consider_constant=consider_constant, **options)


def matrix(name: str, dtype: str | None = None):
    """A symbolic matrix input (default dtype floatX).

    Examples
    --------
    >>> matrix("X").ndim
    2
    """
    return pt.matrix(name, dtype=dtype or float_x())


def int_vector(name: str):
    """A symbolic int32 vector input (class labels).

    Examples
    --------
    >>> int_vector("y").dtype
    'int32'
    """
    return pt.ivector(name)


def int_scalar(name: str):
    """A symbolic int64 scalar input (a minibatch index).

    Examples
    --------
    >>> int_scalar("i").dtype
    'int64'
    """
    return pt.lscalar(name)


def scan_steps(step, outputs_info, n_steps, non_sequences=None, name=None):
    """Repeat ``step`` ``n_steps`` times with ``scan``; returns the list of outputs.

    Recurrent values (including random generators, which come back as their
    final state) go in ``outputs_info``; ``None`` marks an output that is not
    fed back. Shared-variable updates are not collected: steps must thread
    their random generators explicitly. (PyTensor 3 returns ``(outputs,
    updates)`` unless ``return_updates=False``; Theano always did.)

    Examples
    --------
    >>> import pytensor.tensor as pt
    >>> x = pt.scalar("x")
    >>> [powers] = scan_steps(lambda previous: 2 * previous, [x], n_steps=3)
    >>> powers.eval({x: 1.0}).tolist()
    [2.0, 4.0, 8.0]
    """
    return pytensor.scan(step, outputs_info=outputs_info, non_sequences=non_sequences,
                         n_steps=n_steps, name=name, return_list=True,
                         return_updates=False)


def scan_with_updates(fn, **arguments):
    """``pytensor.scan`` returning ``(outputs, updates)`` as Theano's did.

    PyTensor 3 deprecates the implicit-updates form; Theano programs rely on
    it, so the warning is silenced here (graphae's own graphs use
    :func:`scan_steps`).

    Examples
    --------
    >>> x = pt.scalar("x")
    >>> powers, updates = scan_with_updates(lambda previous: 2 * previous, outputs_info=[x],
    ...                                     n_steps=3)
    >>> powers.eval({x: 1.0}).tolist(), len(updates)
    ([2.0, 4.0, 8.0], 0)
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return pytensor.scan(fn, return_updates=True, **arguments)


def plain_shared(value, name=None, **options):
    """``pytensor.shared`` itself: the value's own dtype, ``strict``/``borrow`` honoured.

    Examples
    --------
    >>> plain_shared(np.int8(3)).dtype
    'int8'
    """
    return pytensor.shared(value, name=name, **options)


def is_shared_variable(value):
    """True for a shared variable (of any type).

    Examples
    --------
    >>> is_shared_variable(shared(1.0)), is_shared_variable(1.0)
    (True, False)
    """
    return isinstance(value, SharedVariable)


def ancestors(variables):
    """Every variable that ``variables`` depend on (themselves included).

    Examples
    --------
    >>> x = pt.scalar("x")
    >>> x in set(ancestors([2 * x]))
    True
    """
    return _ancestors(variables)


def theano_truth_rule(variable) -> bool:
    """Theano's ``bool(variable)``: true, except for the result of ``<``, ``<=``, ``>``, ``>=``.

    Theano let ``if not W:`` test a variable for presence and refused only
    ``a < b < c`` (a chained comparison cannot be symbolic); PyTensor
    refuses every ``bool``.

    Examples
    --------
    >>> x = pt.vector("x")
    >>> theano_truth_rule(pt.sigmoid(x))
    True
    >>> theano_truth_rule(x < 1)
    Traceback (most recent call last):
    ...
    TypeError: Variables do not support boolean operations.
    """
    import pytensor.scalar as ps

    owner = variable.owner
    if owner is not None and isinstance(getattr(owner.op, "scalar_op", None),
                                        (ps.LT, ps.LE, ps.GT, ps.GE)):
        raise TypeError("Variables do not support boolean operations.")
    return True


def set_variable_truth(rule=None):
    """Make ``bool(tensor_variable)`` follow ``rule`` (None: PyTensor's own, which raises).

    Returns the rule that was in force, so that it can be put back.

    Examples
    --------
    >>> previous = set_variable_truth(theano_truth_rule)
    >>> bool(pt.vector("x") * 2)
    True
    >>> set_variable_truth(previous) is theano_truth_rule
    True
    """
    from pytensor.tensor.variable import _tensor_py_operators

    current = _tensor_py_operators.__dict__["__bool__"]
    if "_pytensor_bool" not in _TRUTH:
        _TRUTH["_pytensor_bool"] = current
    _tensor_py_operators.__bool__ = _TRUTH["_pytensor_bool"] if rule is None else rule
    return None if current is _TRUTH["_pytensor_bool"] else current


_TRUTH: dict = {}


def split_scan_step(result):
    """What a scan step returned, as ``(outputs, updates, condition)`` (PyTensor's own parse).

    Examples
    --------
    >>> x = pt.scalar("x")
    >>> outputs, updates, condition = split_scan_step((x + 1, {}))
    >>> len(outputs), updates, condition
    (1, {}, None)
    """
    from pytensor.scan.basic import get_updates_and_outputs

    condition, outputs, updates = get_updates_and_outputs(result)
    return outputs, dict(updates), condition
