"""A unit-stride path in PyTensor's C elementwise loops, so gcc can vectorise them.

PyTensor's C ``Elemwise`` has a fast loop only when every input and output
is contiguous *and the same shape*. Any broadcast input, the bias ``b`` of
``sigmoid(x @ W + b)``, the scalar learning rate of a momentum update, sends
the node to its general loop, whose innermost pointer step is a stride read
at run time (``x_iter + x_stride_l1 * ITER_1``). gcc does not vectorise a
load with an unknown stride, so these nodes ran one element at a time, with
scalar ``expf`` even where libmvec's vector variant was declared
(:mod:`graphae.backend._vecmath`): a 100 x 500 float32 ``sigmoid(x + b)``
took 129 µs here, against 30 µs for ``sigmoid(x)`` alone; 30 µs with the twin.

:func:`add_unit_stride_path` gives that general loop a twin, run when, at
run time, each operand's innermost stride is what a C-contiguous layout
gives (1, or 0 for an operand broadcast along that axis), with those strides
written as constants, and every pair of operands is either disjoint in
memory or the very same view (an inplace output). Those checks make
``#pragma omp simd`` on the twin true (no iteration touches another's
elements), which gcc needs: left to prove it alone, it gives up on loops
with four or more operands, such as the momentum update that writes the
velocity and the weights in place. Otherwise the original loop runs,
unchanged. Both compute the same operations in the same order; the twin
may call libmvec's vector variant of a libm function where the original
calls the scalar one (the same few-ulp accuracy, see
:mod:`graphae.backend._vecmath`), and is otherwise bit-for-bit the same.
A loop whose body can jump out (integer division's zero-divisor error)
keeps the general loop only: OpenMP forbids such jumps in a ``simd`` loop.

The twin is spliced into the code that
``pytensor.tensor.elemwise_cgen.make_reordered_loop`` returns. Where that
code does not have the expected shape (a future PyTensor), it is returned
untouched: slower, never wrong.
"""

from __future__ import annotations

import functools

import pytensor
from pytensor.tensor import elemwise_cgen

#: C helpers the twin's condition calls; :mod:`graphae.backend._vecmath`
#: puts them in the header it includes in every module.
OVERLAP_HELPERS = r"""
static inline void graphae_extent(const void* data, int nd, const long* dims,
                                  const long* strides, long itemsize,
                                  const char** lo, const char** hi) {
    const char* first = (const char*)data;
    const char* last = first;
    for (int d = 0; d < nd; d++) {
        if (dims[d] == 0) { *lo = *hi = first; return; }
        long reach = strides[d] * (dims[d] - 1);
        if (reach < 0) first += reach; else last += reach;
    }
    *lo = first;
    *hi = last + itemsize;
}
/* 1 when two array views never touch the same byte, or are the very same view. */
static inline int graphae_apart_or_same(const void* a, int na, const long* da, const long* sa,
                                        long ia, const void* b, int nb, const long* db,
                                        const long* sb, long ib) {
    if (a == b && na == nb && ia == ib) {
        int same = 1;
        for (int d = 0; d < na; d++)
            same &= (da[d] == db[d]) && (sa[d] == sb[d] || da[d] == 1);
        if (same) return 1;
    }
    const char *alo, *ahi, *blo, *bhi;
    graphae_extent(a, na, da, sa, ia, &alo, &ahi);
    graphae_extent(b, nb, db, sb, ib, &blo, &bhi);
    return ahi <= blo || bhi <= alo;
}
"""

#: Compile flag that marks modules built with the twin loops. PyTensor's
#: module cache keys on compile flags, not on the generated source, so the
#: flag keeps modules built before the patch from being reused.
UNIT_STRIDE_DEFINE = "-DGRAPHAE_UNIT_STRIDE_LOOPS=3"

_ORIGINAL = elemwise_cgen.make_reordered_loop


def _pointer_term(var: str, level: int) -> str:
    return f"+{var}_stride_l{level}*ITER_{level}"


def _view(var: str) -> str:
    return (f"PyArray_DATA({var}), PyArray_NDIM({var}), (const long*)PyArray_DIMS({var}), "
            f"(const long*)PyArray_STRIDES({var}), (long)PyArray_ITEMSIZE({var})")


def add_unit_stride_path(code: str, loop_orders, sub) -> str:
    """Give the innermost loop of ``make_reordered_loop``'s code a unit-stride twin.

    Parameters
    ----------
    code : str
        C source from ``make_reordered_loop``.
    loop_orders : list of list
        Per operand (inputs, then outputs), its dimension for each loop, or
        ``"x"`` where it is broadcast: PyTensor's ``init_loop_orders``.
    sub : dict
        PyTensor's substitution names; ``sub["lv<i>"]`` is operand ``i``.

    Returns
    -------
    str
        ``code`` with ``if (<unit strides>) { twin } else { loop }`` in place
        of its innermost loop, the condition computed once before the
        outermost loop, or ``code`` itself when it does not have the
        expected form or its loop body can leave the loop (a ``goto`` to
        the error exit, as integer division by zero does: OpenMP forbids
        jumps out of a ``simd`` loop).

    Examples
    --------
    >>> add_unit_stride_path("no loop here", [[0]], {"lv0": "V1"})
    'no loop here'
    """
    nested = len(loop_orders[0]) if loop_orders else 0
    if nested == 0:
        return code
    level = nested - 1
    head = f"for(npy_intp ITER_{level} = 0; ITER_{level}<TOTAL_{level}; ITER_{level}++)"
    outer = "for(npy_intp ITER_0 = 0; ITER_0<TOTAL_0; ITER_0++)"
    tail = f"}} // end loop {level}"
    start = code.find(head)
    end = code.find(tail, start)
    if start < 0 or end < 0 or code.count(head) != 1 or code.count(outer) != 1:
        return code
    end += len(tail)
    loop = code[start:end]
    if _leaves_loop(loop):
        return code
    twin = _twin(loop, loop_orders, sub, level)
    if twin is None:
        return code
    twin, condition = twin
    flag = f"graphae_unit_{sub['lv0']}"
    spliced = (f"if ({flag}) {{ // graphae: unit strides\n"
               f"#pragma omp simd\n{twin}\n}} else {{\n{loop}\n}}")
    code = code[:start] + spliced + code[end:]
    first = code.find(outer)
    return code[:first] + f"const int {flag} = {condition};\n" + code[first:]


def _leaves_loop(loop: str) -> bool:
    return any(word in loop for word in ("goto ", "goto\t", "return", "break;", "throw "))


def _twin(loop: str, loop_orders, sub, level: int):
    """The unit-stride copy of ``loop`` and the C condition under which it may run."""
    twin, conditions = loop, []
    for index, order in enumerate(loop_orders):
        var = sub[f"lv{index}"]
        term = _pointer_term(var, level)
        if twin.count(term) != 1:
            return None
        broadcast = order[level] == "x"
        twin = twin.replace(term, "" if broadcast else f"+ITER_{level}")
        conditions.append(f"{var}_stride_l{level} == {0 if broadcast else 1}")
    names = [sub[f"lv{index}"] for index in range(len(loop_orders))]
    conditions += [f"graphae_apart_or_same({_view(a)}, {_view(b)})"
                   for position, a in enumerate(names) for b in names[position + 1:]]
    return twin, "(" + " && ".join(conditions) + ")"


@functools.wraps(_ORIGINAL)
def _make_reordered_loop(init_loop_orders, olv_index, dtypes, inner_task, sub, openmp=None):
    code = _ORIGINAL(init_loop_orders, olv_index, dtypes, inner_task, sub, openmp=openmp)
    if openmp:  # an "omp parallel for" pragma must stay right above its loop
        return code
    # The helpers the twin calls come with the vecmath header, and the cache
    # key must tell twin modules apart: both travel with the define.
    if UNIT_STRIDE_DEFINE not in pytensor.config.gcc__cxxflags:
        return code

    return add_unit_stride_path(code, init_loop_orders, sub)


def install_unit_stride_loops() -> bool:
    """Make PyTensor's C ``Elemwise`` generate the unit-stride twin loops.

    Idempotent. Call it only together with :data:`UNIT_STRIDE_DEFINE` in the
    compile flags (:func:`graphae.backend._vecmath.configure_vecmath` does both).

    Returns
    -------
    bool
        True when the patch is in place.

    Examples
    --------
    >>> from graphae.backend import vecmath_config
    >>> vecmath_config().enabled == unit_stride_loops_installed()
    True
    """
    elemwise_cgen.make_reordered_loop = _make_reordered_loop
    return True


def unit_stride_loops_installed() -> bool:
    """Whether :func:`install_unit_stride_loops` has run in this process.

    Examples
    --------
    >>> isinstance(unit_stride_loops_installed(), bool)
    True
    """
    return elemwise_cgen.make_reordered_loop is _make_reordered_loop
