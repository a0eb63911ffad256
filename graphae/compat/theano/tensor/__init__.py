"""``theano.tensor`` (usually imported as ``T``).

Every name PyTensor's ``pytensor.tensor`` still has is available; variable
constructors (``T.matrix``, ``T.dmatrix``, ``T.lscalar``...) return variables
that are true in ``if`` tests, as Theano's were. ``T.nnet`` and
``T.shared_randomstreams`` are graphae's emulations.
"""

import functools
import re

import pytensor.tensor as _pt

from graphae.compat.theano._core import grad, truthy
from graphae.compat.theano.tensor import nnet, shared_randomstreams, signal

__all__ = ["grad", "nnet", "shared_randomstreams", "signal"]  # and every pytensor.tensor name

_CONSTRUCTOR = re.compile(r"[bwilfdcz]?(scalar|vector|matrix|row|col|tensor3|tensor4|tensor)s?")


def _truthy_constructor(constructor):
    @functools.wraps(constructor)
    def build(*args, **kwargs):
        made = constructor(*args, **kwargs)
        if isinstance(made, (list, tuple)):
            return type(made)(truthy(v) for v in made)
        return truthy(made)

    return build


def __getattr__(name):
    try:
        value = getattr(_pt, name)
    except AttributeError:
        raise AttributeError(
            f"theano.tensor.{name} does not exist in PyTensor and graphae does not "
            "emulate it; see docs/theano-compat.md") from None
    if _CONSTRUCTOR.fullmatch(name) and callable(value):
        return _truthy_constructor(value)
    return value
