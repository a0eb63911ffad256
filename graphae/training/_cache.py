"""The compile cache: the only place graphae's models and tutorials compile a graph.

A cache belongs to one model. Each compiled function is stored under
``(name, mode, key)``, where ``key`` holds the hyper-parameters that shape
the graph (an activation, a number of Gibbs steps, a batch size baked into
the minibatch gather...). Values that change between calls (learning rate,
momentum, penalties, corruption level) are shared scalars and never part of
the key, so changing them never recompiles; changing anything in the key
compiles a new graph, and :meth:`CompileCache.invalidate` drops what a
rebuilt model no longer uses.
"""

from __future__ import annotations

from graphae.backend import compile_function, default_mode_name, normalize_mode_name
from graphae.training.progress import announce_compile

# Measured on the 2-core reference machine (a DeepAutoEncoder training step).
COMPILE_HINTS = {"c": "C code: up to ~30 s on an empty compile cache, seconds once cached"}

__all__ = ["CompileCache", "Graph"]


class Graph:
    """What a graph builder returns: the pieces of one function to compile.

    Parameters
    ----------
    inputs : list of Variable
    outputs : Variable or list of Variable
    updates : list of (SharedVariable, Variable), optional
    givens : list of (Variable, Variable), optional

    Examples
    --------
    >>> import pytensor.tensor as pt
    >>> x = pt.scalar("x")
    >>> Graph([x], 2 * x).updates
    []
    """

    def __init__(self, inputs, outputs, updates=None, givens=None):
        self.inputs, self.outputs = list(inputs), outputs
        self.updates, self.givens = list(updates or []), list(givens or [])


class CompileCache:
    """Compiled functions of one model, keyed by name, mode and graph-shaping values.

    Attributes
    ----------
    compiles : int
        How many functions this cache has compiled (tests count them).

    Examples
    --------
    >>> import pytensor.tensor as pt
    >>> cache = CompileCache(owner="demo")
    >>> def double():
    ...     x = pt.scalar("x")
    ...     return Graph([x], 2 * x)
    >>> f = cache.function("double", double, verbose=0)
    >>> cache.function("double", double, verbose=0) is f, cache.compiles
    (True, 1)
    >>> float(f(2.0))
    4.0
    """

    def __init__(self, owner="model"):
        self.owner = owner
        self._functions = {}
        self.compiles = 0

    @staticmethod
    def _mode_key(mode):
        return default_mode_name() if mode is None else normalize_mode_name(mode)

    def function(self, name, build, key=(), mode=None, verbose=1):
        """The compiled function ``name`` for ``key`` and ``mode``, compiling it on first use.

        Parameters
        ----------
        name : str
            E.g. ``"train"``, ``"predict"``.
        build : callable
            ``build()`` returns a :class:`Graph`; called only on a miss.
        key : hashable
            The graph-shaping hyper-parameters the graph was built with.
        mode : {None, "c", "numba", "jax"}
        verbose : int
            Announce (and time) a compile when > 0.
        """
        full_key = (name, self._mode_key(mode), key)
        if full_key not in self._functions:
            label = f"{self.owner}.{name}"
            # A model's first compile is its big one (training); later ones are quick.
            hint = COMPILE_HINTS.get(full_key[1]) if self.compiles == 0 else None
            with announce_compile(label, verbose, hint=hint):
                graph = build()
                self._functions[full_key] = compile_function(
                    graph.inputs, graph.outputs, updates=graph.updates or None,
                    givens=graph.givens or None, mode=mode, name=label)
            self.compiles += 1
        return self._functions[full_key]

    def invalidate(self, *names):
        """Forget the compiled functions called ``names`` (all of them when none given)."""
        for full_key in list(self._functions):
            if not names or full_key[0] in names:
                del self._functions[full_key]

    def __len__(self):
        return len(self._functions)

    def __contains__(self, name):
        return any(full_key[0] == name for full_key in self._functions)

    def __getitem__(self, name):
        """The function compiled last under ``name`` (KeyError when there is none)."""
        matches = [f for full_key, f in self._functions.items() if full_key[0] == name]
        if not matches:
            raise KeyError(name)
        return matches[-1]
