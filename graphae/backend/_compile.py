"""The single place where graphae calls ``pytensor.function``.

Keeping compilation in one function lets graphae log every (possibly cold,
tens-of-seconds) compile once with its duration, pick the mode consistently,
and adapt to PyTensor API changes in one spot.
"""

from __future__ import annotations

import logging
import time

import pytensor

from graphae.backend._modes import resolve_mode

logger = logging.getLogger("graphae")


def compile_function(
    inputs,
    outputs,
    *,
    updates=None,
    givens=None,
    mode: str | None = None,
    name: str | None = None,
    allow_input_downcast: bool | None = None,
    on_unused_input: str = "raise",
):
    """Compile a PyTensor graph into a callable.

    Parameters
    ----------
    inputs : list of pytensor.tensor.TensorVariable
        Symbolic inputs, in call order.
    outputs : TensorVariable or list of TensorVariable
        What the function returns.
    updates : list of (SharedVariable, TensorVariable), optional
        New values written to shared variables after each call.
    givens : list of (Variable, Variable), optional
        Substitutions made before compiling (e.g. a minibatch slice of a
        shared dataset in place of a symbolic input).
    mode : str, optional
        ``"c"``, ``"numba"`` or ``"jax"``; None uses the global default.
    name : str, optional
        Shown in the compile log message and in PyTensor's profiles.
    allow_input_downcast : bool, optional
        Accept inputs of a wider dtype than declared (e.g. float64 data for
        a float32 input), as ``pytensor.function`` does.
    on_unused_input : {"raise", "warn", "ignore"}

    Returns
    -------
    pytensor.compile.function.types.Function

    Examples
    --------
    >>> import pytensor.tensor as pt
    >>> x = pt.vector("x")
    >>> double = compile_function([x], 2 * x, name="double")
    >>> double([1.0, 2.0]).tolist()
    [2.0, 4.0]
    """
    label = name or "function"
    logger.info("compiling %s ...", label)
    started = time.perf_counter()
    function = pytensor.function(
        inputs,
        outputs,
        updates=updates,
        givens=givens,
        mode=resolve_mode(mode),
        name=name,
        allow_input_downcast=allow_input_downcast,
        on_unused_input=on_unused_input,
    )
    logger.info("compiled %s in %.1f s", label, time.perf_counter() - started)
    return function
