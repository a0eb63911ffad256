"""Graph rewrites graphae adds to PyTensor's pipeline where a PyTensor release lacks them.

PyTensor 3.0 turned ``Softmax`` and ``LogSoftmax`` into symbolic ops (an
``OpFromGraph`` that keeps the inner graph hidden so that stability rewrites
can see "a softmax"). Nothing in 3.0.x inlines them again for the C
backend, so every softmax runs its inner graph through a separate Python
call: 1.5-1.9 ms per call on a 100 × 10 minibatch, 18 % of the step of the
lecture's ANN. PyTensor later inlines them at the start of the fusion pass
(pymc-devs/pytensor#2346); graphae registers the same rewrite, at the same
place, only when the installed PyTensor does not already do it.
"""

from __future__ import annotations

from pytensor.compile import optdb
from pytensor.graph.rewriting.basic import dfs_rewriter, node_rewriter

#: The name under which graphae's rewrite is registered in ``optdb``.
INLINE_REWRITE = "graphae_inline_softmax"
_BEFORE_FUSION = 47.9  # after specialize (2), before add_mul_fusion (48) and fusion (49)


def _symbolic_softmax_ops():
    from pytensor.compile.builders import OpFromGraph
    from pytensor.tensor import special

    ops = [getattr(special, name) for name in ("Softmax", "LogSoftmax", "LogSumExp")
           if hasattr(special, name)]
    return tuple(op for op in ops if issubclass(op, OpFromGraph))


def _pytensor_inlines(ops) -> bool:
    """True when a rewrite of PyTensor's own (outside graphae) already inlines ``ops``."""
    for name in optdb.__db__:
        if name == INLINE_REWRITE:
            continue
        for rewriter in optdb.__db__[name]:
            tracked = getattr(getattr(rewriter, "node_rewriter", None), "tracks", lambda: None)()
            if tracked and all(op in tracked for op in ops):
                return True
    return False


def register_inline_softmax() -> bool:
    """Register the inlining of symbolic softmax ops before fusion, once, when needed.

    Returns
    -------
    bool
        True when graphae's rewrite is registered (now or before); False when
        PyTensor has no symbolic softmax or inlines it itself.

    Examples
    --------
    >>> register_inline_softmax() in (True, False)
    True
    """
    if INLINE_REWRITE in optdb.__db__:
        return True
    ops = _symbolic_softmax_ops()
    if not ops or _pytensor_inlines(ops):
        return False
    from pytensor.tensor.rewriting.ofg import inline_ofg_node

    @node_rewriter(list(ops))
    def inline_symbolic_softmax(fgraph, node):
        return inline_ofg_node(node)

    optdb.register(INLINE_REWRITE, dfs_rewriter(inline_symbolic_softmax), "fast_run",
                   position=_BEFORE_FUSION)
    return True
