"""Theano 1.0's API on PyTensor, importable as ``theano``.

After :func:`graphae.compat.install` (done automatically by ``graphae legacy
run``), ``import theano`` and ``import theano.tensor as T`` give these
modules. What is supported, emulated and unsupported is listed in
:data:`graphae.compat.theano._table.THEANO_NAMES` and docs/theano-compat.md.

Examples
--------
>>> from graphae.compat import theano
>>> W = theano.shared(1.0)
>>> bool(W)  # Theano variables were true in `if not W:` tests
True
"""

from graphae.compat.theano._core import (
    In,
    Param,
    config,
    function,
    grad,
    scan,
    shared,
)
from graphae.compat.theano import (  # noqa: E402
    compile,  # Theano's name; shadows the builtin inside this package only
    gradient,
    ifelse,
    printing,
    sandbox,
    scalar,
    tensor,
)

__version__ = "1.0.5+graphae"

__all__ = ["In", "Param", "compile", "config", "function", "gradient", "grad", "ifelse",
           "printing", "sandbox", "scalar", "scan", "shared", "tensor"]
