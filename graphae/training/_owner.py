"""What every model (estimator or tutorial class) owns: a compile cache and shared scalars."""

from __future__ import annotations

import numpy as np

from graphae.backend import float_x, shared
from graphae.training._cache import CompileCache

__all__ = ["CompiledOwner"]


class CompiledOwner:
    """Mixin: a lazily created :class:`CompileCache` and named shared scalars.

    Examples
    --------
    >>> owner = CompiledOwner()
    >>> owner._scalar("lr", 0.1).get_value().item(), len(owner._compiled)
    (0.1, 0)
    """

    @property
    def _compiled(self):
        """This model's :class:`~graphae.training.CompileCache`."""
        if "_compile_cache" not in self.__dict__:
            self._compile_cache = CompileCache(owner=type(self).__name__)
        return self._compile_cache

    def _scalar(self, name, value=None):
        """The shared scalar ``name`` the compiled graphs read, set to ``value`` if given.

        A new scalar starts at ``value``, else at the hyper-parameter of that
        name, else 0; changing it never recompiles.
        """
        scalars = self.__dict__.setdefault("_scalars", {})
        if name not in scalars:
            start = getattr(self, name, 0.0) if value is None else value
            scalars[name] = shared(np.array(start), name, float_x())
        elif value is not None:
            scalars[name].set_value(np.asarray(value, dtype=scalars[name].dtype))
        return scalars[name]
