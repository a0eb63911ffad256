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


#: The name of graphae's guarded copy of PyTensor's ``scan_push_out_non_seq``.
SCAN_PUSHOUT_REWRITE = "graphae_scan_push_out_non_seq"


def _whole_step_is_invariant(node):
    """Whether every computation of a scan's step depends only on its non-sequences.

    That is the case PyTensor 3.0.x's ``scan_push_out_non_seq`` gets wrong
    for a recurrent output: it replaces the output buffer (the initial state
    plus one row per step) by ``n_steps`` copies of the step's value, so
    ``outputs[1:]`` is one step short (``scan(lambda p: ones(3),
    outputs_info=[zeros(3)], n_steps=3)`` gives shape (2, 3)).
    """
    from pytensor.compile.ops import DeepCopyOp, ViewOp
    from pytensor.graph.basic import Constant

    op = node.op
    non_sequences = set(op.inner_non_seqs(op.inner_inputs))
    pushed = set()
    for inner in op.fgraph.toposort():
        if isinstance(inner.op, (ViewOp, DeepCopyOp)) or not all(
                x in non_sequences or x.owner in pushed or isinstance(x, Constant)
                for x in inner.inputs):
            return False
        pushed.add(inner)
    return True


def register_scan_pushout_fix() -> bool:
    """Guard PyTensor's ``scan_push_out_non_seq`` against its one-step-short case.

    The original rewrite loses its ``fast_run`` tag; graphae's copy, at the
    same place, calls it for every scan except one whose whole step is
    invariant and which has a recurrent (sit-sot, mit-sot or mit-mot)
    output: that scan is left as it is, and computes every step. Returns
    True when the guard is registered (now or before).

    Examples
    --------
    >>> register_scan_pushout_fix()
    True
    """
    from pytensor.scan.op import Scan
    from pytensor.scan.rewriting.db import scan_seqopt1
    from pytensor.scan.rewriting.push_out import scan_push_out_non_seq

    if SCAN_PUSHOUT_REWRITE in scan_seqopt1:
        return True

    @node_rewriter([Scan])
    def guarded_scan_push_out_non_seq(fgraph, node):
        info = node.op.info
        recurrent = info.n_sit_sot + info.n_mit_sot + info.n_mit_mot
        if recurrent and _whole_step_is_invariant(node):
            return False
        return scan_push_out_non_seq.transform(fgraph, node)

    scan_seqopt1.remove_tags("scan_push_out_non_seq", "fast_run", "scan", "scan_pushout")
    scan_seqopt1.register(SCAN_PUSHOUT_REWRITE,
                          dfs_rewriter(guarded_scan_push_out_non_seq, ignore_newtrees=True),
                          "fast_run", "scan", "scan_pushout", position=3)
    return True
