"""Theano's ``scan`` with random draws inside the step, on PyTensor's scan.

Theano's ``RandomStreams`` updated their state behind the scenes, and a
draw inside ``theano.scan`` (the RBM's Gibbs chain: CD-k, PCD-k) advanced
the stream at every step. graphae's emulated streams are shared NumPy
generators whose newest state :mod:`graphae.ported` remembers; a step that
draws from one would, left alone, draw the same numbers at every step (or
leave an update pointing inside the scan: MissingInputError).

So :func:`scan` gives the step, for every generator it draws from, a child
generator of its own (a new shared generator seeded from the parent's state
and a counter, as Theano gave every draw its own random state): the step
draws from the child, returns the child's next state as an update, and
PyTensor's scan turns that update into a state of the loop. The final
states come back in the scan's updates (``theano.function(...,
updates=updates)`` applies them), and the parent's stream is not touched,
so draws made before or after the scan never repeat the scan's numbers.
"""

from __future__ import annotations

import hashlib
import itertools

import numpy as np

from graphae.backend import scan_with_updates, shared_generator, split_scan_step
from graphae.ported._streams import _PENDING_UPDATES, _SCAN_REDIRECTS

__all__ = ["scan"]

_CHILDREN = itertools.count()


def _child_of(parent):
    """A new shared generator for a scan step, seeded from ``parent``'s state and a counter."""
    state = repr(parent.get_value(borrow=True).bit_generator.state).encode()
    digest = hashlib.sha256(state + str(next(_CHILDREN)).encode()).digest()
    seed = np.random.SeedSequence(np.frombuffer(digest, dtype=np.uint32).tolist())
    child = shared_generator(np.random.default_rng(seed))
    child.name = f"{parent.name or 'generator'}_in_scan"
    return child


def _step_with_draws(fn):
    """``fn`` wrapped so that its draws come from children that advance at every step."""
    def step(*arguments):
        children = {}

        def redirect(rng):
            if rng not in children.values():
                children.setdefault(rng, _child_of(rng))
                return children[rng]
            return rng

        outside = dict(_PENDING_UPDATES)
        _SCAN_REDIRECTS.append(redirect)
        try:
            outputs, updates, condition = split_scan_step(fn(*arguments))
            for child in children.values():
                if child in _PENDING_UPDATES:
                    updates[child] = _PENDING_UPDATES[child]
        finally:
            _SCAN_REDIRECTS.pop()
            _PENDING_UPDATES.clear()
            _PENDING_UPDATES.update(outside)
        return (outputs, updates) if condition is None else (outputs, updates, condition)

    return step


def scan(fn, sequences=None, outputs_info=None, non_sequences=None, n_steps=None,
         truncate_gradient=-1, go_backwards=False, mode=None, name=None, profile=False,
         allow_gc=None, strict=False, return_list=False):
    """Theano's ``scan``: ``(outputs, updates)``, random draws in the step advancing per step.

    Examples
    --------
    >>> from graphae.ported import function, shared_generator, uniform
    >>> rng = shared_generator(1)
    >>> before = uniform(rng, (3,))
    >>> steps, updates = scan(lambda: uniform(rng, (3,)), n_steps=2)
    >>> after = uniform(rng, (3,))
    >>> first, rows, last = function([], [before, steps, after], updates=updates)()
    >>> len({*first.round(6), *rows.ravel().round(6), *last.round(6)})  # twelve numbers
    12
    """
    return scan_with_updates(_step_with_draws(fn), sequences=sequences,
                             outputs_info=outputs_info, non_sequences=non_sequences,
                             n_steps=n_steps, truncate_gradient=truncate_gradient,
                             go_backwards=go_backwards, name=name, strict=strict,
                             return_list=return_list)
