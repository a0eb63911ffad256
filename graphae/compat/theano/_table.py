"""Every Theano name graphae knows, and what it does with it.

``supported``: the PyTensor object behaves as Theano's did; ``emulated``:
graphae reimplements Theano's behaviour where PyTensor differs;
``unsupported``: using it raises an error naming the modern replacement.
The documentation table (docs/theano-compat.md) is generated from this list,
and so are the converter's renames (:data:`graphae.porting.RENAMES`): a row
marked ``RENAMED`` says that ``graphae port`` rewrites the name, and every
name under it, to the replacement.
"""

from __future__ import annotations

from typing import NamedTuple

SUPPORTED, EMULATED, UNSUPPORTED = "supported", "emulated", "unsupported"
RENAMED = True


class TheanoName(NamedTuple):
    """One row of :data:`THEANO_NAMES`.

    Attributes
    ----------
    name : str
        The Theano name (a dotted path, or a short description of an idiom).
    status : {"supported", "emulated", "unsupported"}
    replacement : str
        The modern replacement; a dotted path where ``renamed``.
    note : str
    renamed : bool
        ``graphae port`` rewrites ``name`` (and the names under it) to
        ``replacement``. Other Theano paths get the root row's rename
        (``theano.tensor.dot`` -> ``pytensor.tensor.dot``).
    """

    name: str
    status: str
    replacement: str
    note: str
    renamed: bool = False


_ROWS = [
    ("theano", EMULATED, "pytensor",
     "the package; `graphae port` renames a path not listed here to the same path "
     "under pytensor (`theano.tensor.dot` -> `pytensor.tensor.dot`)", RENAMED),
    ("theano.shared", EMULATED, "pytensor.shared",
     "the variable is true in `if not W:` tests (PyTensor raises TypeError)"),
    ("theano.function", EMULATED, "graphae.ported.function",
     "graphae's C + BLAS mode; update lists or dicts; float updates cast to the "
     "shared dtype; random-stream updates added automatically", RENAMED),
    ("theano.compile.function", EMULATED, "graphae.ported.function",
     "older path of theano.function", RENAMED),
    ("theano.In", EMULATED, "graphae.ported.Input",
     "default values (PyTensor 3 rejects them)", RENAMED),
    ("theano.Param", EMULATED, "graphae.ported.Input", "old name of In (`default=`)", RENAMED),
    ("theano.scan", EMULATED, "graphae.ported.scan",
     "returns (outputs, updates); random draws in the step advance at every step (the "
     "generators are carried through the scan, their final states returned as updates)",
     RENAMED),
    ("theano.grad", SUPPORTED, "pytensor.grad", "consider_constant works"),
    ("theano.config", EMULATED, "pytensor.config",
     "floatX honours THEANO_FLAGS; device=gpu/cuda warns and runs on the CPU; Theano-only "
     "sections (config.warn.*, config.nvcc.*) are kept without effect"),
    ("theano.scalar", SUPPORTED, "pytensor.scalar", "upcast, the scalar types and ops"),
    ("theano.printing.pp", SUPPORTED, "pytensor.printing.pp", ""),
    ("theano.printing.debugprint", SUPPORTED, "pytensor.printing.debugprint", ""),
    ("theano.printing.pydotprint", UNSUPPORTED, "pytensor.printing.debugprint",
     "needs pydot and graphviz; print the graph as text instead"),
    ("theano.tensor", SUPPORTED, "pytensor.tensor",
     "every name PyTensor still has; variable constructors give truthy variables"),
    ("theano.tensor.grad", SUPPORTED, "pytensor.grad", "consider_constant works"),
    ("theano.tensor.nnet.sigmoid", SUPPORTED, "pytensor.tensor.sigmoid", "", RENAMED),
    ("theano.tensor.nnet.softplus", SUPPORTED, "pytensor.tensor.softplus", "", RENAMED),
    ("theano.tensor.nnet.softmax", EMULATED, "graphae.ported.softmax",
     "row-wise; PyTensor's softmax without axis normalises the whole matrix", RENAMED),
    ("theano.tensor.nnet.relu", EMULATED, "graphae.ported.relu",
     "Theano's formula 0.5*(x+|x|) (gradient 0.5 at 0), leaky for alpha != 0", RENAMED),
    ("theano.tensor.nnet.binary_crossentropy", EMULATED,
     "graphae.ported.binary_crossentropy", "removed from PyTensor", RENAMED),
    ("theano.tensor.nnet.categorical_crossentropy", EMULATED,
     "graphae.ported.categorical_crossentropy", "removed from PyTensor", RENAMED),
    ("theano.tensor.nnet.hard_sigmoid", EMULATED, "pytensor.tensor.clip(0.2 * x + 0.5, 0, 1)",
     "removed from PyTensor"),
    ("theano.tensor.nnet.ultra_fast_sigmoid", EMULATED, "pytensor.tensor.sigmoid",
     "computed exactly (it was an approximation)", RENAMED),
    ("theano.tensor.nnet.conv2d", EMULATED, "graphae.ported.conv2d",
     "batched 4-D convolution (PyTensor has none): graphae.convolution.conv2d, im2col + one "
     "GEMM; border_mode valid/full/half/padding, subsample, filter_flip, filter_dilation",
     RENAMED),
    ("theano.tensor.nnet.conv.conv2d", EMULATED, "graphae.ported.legacy_conv2d",
     "the older spelling: a true convolution, border_mode valid or full", RENAMED),
    ("theano.tensor.nnet.bn.batch_normalization", EMULATED,
     "graphae.ported.batch_normalization", "(x - mean) * gamma / std + beta", RENAMED),
    ("theano.tensor.nnet.bn.batch_normalization_train", EMULATED,
     "graphae.ported.batch_normalization_train",
     "graphae.normalization; returns (out, mean, invstd[, new running mean, new running var])",
     RENAMED),
    ("theano.tensor.nnet.bn.batch_normalization_test", EMULATED,
     "graphae.ported.batch_normalization_test", "graphae.normalization", RENAMED),
    ("theano.tensor.signal.pool.pool_2d", EMULATED, "graphae.ported.pool_2d",
     "graphae.convolution.pool_2d: max, sum, average_inc_pad, average_exc_pad; ws/ds, "
     "stride/st, pad/padding, ignore_border (None means False, with a warning)", RENAMED),
    ("theano.tensor.signal.downsample.max_pool_2d", EMULATED, "graphae.ported.max_pool_2d",
     "Theano 0.7's spelling of pool_2d", RENAMED),
    ("theano.tensor.shared_randomstreams.RandomStreams", EMULATED,
     "graphae.ported.shared_generator",
     "draws become graphae.ported.binomial/normal/uniform with Theano's signatures "
     "(size first, avg/std, float dtype for binomial); state updated automatically "
     "by theano.function", RENAMED),
    ("theano.sandbox.rng_mrg.MRG_RandomStreams", EMULATED, "graphae.ported.shared_generator",
     "same API as RandomStreams; NumPy's generator, not the MRG31k3p stream", RENAMED),
    ("theano.sandbox.cuda", UNSUPPORTED, "none: graphae runs on the CPU",
     "the old CUDA backend; drop `device=gpu` and the import"),
    ("theano.gpuarray", UNSUPPORTED, "pytensor's JAX mode on a GPU machine",
     "the libgpuarray backend is gone"),
    ("theano.ifelse.ifelse", SUPPORTED, "pytensor.ifelse.ifelse", ""),
    ("theano.gradient", SUPPORTED, "pytensor.gradient", ""),
    ("SharedVariable.get_value / set_value(borrow=)", SUPPORTED, "same methods", ""),
    ("if not W: (truthiness of variables)", EMULATED, "`if W is None:`",
     "shared variables and constructed inputs are true, as in Theano"),
]

#: Every row, as :class:`TheanoName` (a tuple: ``name, status, replacement, note, renamed``).
THEANO_NAMES = [TheanoName(*row) for row in _ROWS]

_UNSUPPORTED = {row.name: (row.replacement, row.note) for row in THEANO_NAMES
                if row.status == UNSUPPORTED}


class TheanoFeatureUnsupported(NotImplementedError):
    """A Theano feature with no PyTensor equivalent that graphae can provide."""


def unsupported_message(name):
    """The message for an unsupported Theano name."""
    replacement, note = _UNSUPPORTED[name]
    return (f"{name} is not supported by graphae's Theano layer: {note}. "
            f"Modern replacement: {replacement}.")


def unsupported(name):
    """A callable that raises :class:`TheanoFeatureUnsupported` for ``name``."""

    def fail(*args, **kwargs):
        raise TheanoFeatureUnsupported(unsupported_message(name))

    fail.__name__ = name.rsplit(".", 1)[-1]
    fail.__doc__ = unsupported_message(name)
    return fail


def markdown_table():
    """The table as Markdown (docs/theano-compat.md is this text)."""
    lines = ["| Theano name | status | modern replacement | note |", "|---|---|---|---|"]
    lines += [f"| `{row.name}` | {row.status} | `{row.replacement}` | {row.note} |"
              for row in THEANO_NAMES]
    return "\n".join(lines) + "\n"
