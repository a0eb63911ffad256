"""Theano's ``scan`` with random draws inside the step, on PyTensor's scan.

Theano's ``RandomStreams`` updated their state behind the scenes, and a
draw inside ``theano.scan`` (the RBM's Gibbs chain: CD-k, PCD-k) advanced
the stream at every step. graphae's emulated streams are shared NumPy
generators whose newest state :mod:`graphae.ported` remembers; a step that
draws from one would, left alone, draw the same numbers at every step (or
leave an update pointing inside the scan: MissingInputError).

So :func:`scan` wraps the step: a generator it draws from starts from its
own shared value and is returned as an update, which PyTensor's scan turns
into a state of the loop; one whose newest state is a draw made before the
scan (``graphae.ported``'s chained draws) is carried through the scan from
that state instead (the step is built a second time for it). The final
states come back as updates of the generators
(``theano.function(..., updates=updates)`` applies them).
"""

from __future__ import annotations

from graphae.backend import is_generator_variable, scan_with_updates, split_scan_step

__all__ = ["scan"]


def _arguments_before_states(sequences, outputs_info):
    """How many step arguments the sequences and the recurrent outputs take."""
    def taps(item, default):
        if isinstance(item, dict):
            given = item.get("taps", default)
            return 0 if given is None else len(given)
        return 0 if item is None else 1

    items = lambda value: [] if value is None else (  # noqa: E731
        list(value) if isinstance(value, (list, tuple)) else [value])
    return (sum(taps(s, [0]) for s in items(sequences))
            + sum(taps(o, [-1]) for o in items(outputs_info)))


def _step_with_draws(fn, pending, n_user, carried, drawn_log):
    """``fn`` wrapped so that its draws advance at every step.

    Generators in ``carried`` arrive as recurrent states (after the user's
    ``n_user`` arguments) and leave as extra outputs; any other generator
    the step draws from starts from its own shared value and is returned as
    an update, which PyTensor's scan turns into a state of the loop.
    """
    def step(*arguments):
        states = arguments[n_user:n_user + len(carried)]
        rest = arguments[:n_user] + arguments[n_user + len(carried):]
        outside = dict(pending)
        pending.clear()
        pending.update(zip(carried, states))
        try:
            outputs, updates, condition = split_scan_step(fn(*rest))
            drawn = dict(pending)
        finally:
            pending.clear()
            pending.update(outside)
        drawn_log.update(dict.fromkeys(drawn))
        following = [drawn.pop(rng, state) for rng, state in zip(carried, states)]
        updates.update(drawn)
        result = [*outputs, *following]
        return (result, updates) if condition is None else (result, updates, condition)

    return step


def _listed(value):
    return [] if value is None else (list(value) if isinstance(value, (list, tuple))
                                     else [value])


def scan(fn, sequences=None, outputs_info=None, non_sequences=None, n_steps=None,
         truncate_gradient=-1, go_backwards=False, mode=None, name=None, profile=False,
         allow_gc=None, strict=False, return_list=False):
    """Theano's ``scan``: ``(outputs, updates)``, random draws in the step carried through it.

    A generator the step draws from that has no newer state outside the scan
    (every draw of the compatibility layer's ``RandomStreams``, which makes a
    generator per draw as Theano did) is advanced by the scan itself; one
    whose newest state is a draw made before the scan (``graphae.ported``'s
    chained draws) is carried from that state, so the numbers never repeat.

    Examples
    --------
    >>> from graphae.ported import function, shared_generator, uniform
    >>> rng = shared_generator(1)
    >>> before = uniform(rng, (3,))
    >>> steps, updates = scan(lambda: uniform(rng, (3,)), n_steps=2)
    >>> first, rows = function([], [before, steps], updates=updates)()
    >>> len({*first.round(6), *rows.ravel().round(6)})  # nine different numbers
    9
    """
    from graphae.ported import _PENDING_UPDATES

    options = dict(sequences=sequences, non_sequences=non_sequences, n_steps=n_steps,
                   truncate_gradient=truncate_gradient, go_backwards=go_backwards, name=name,
                   strict=strict)
    n_user = _arguments_before_states(sequences, outputs_info)
    outside = dict(_PENDING_UPDATES)
    drawn = {}
    step = _step_with_draws(fn, _PENDING_UPDATES, n_user, [], drawn)
    outputs, updates = scan_with_updates(step, outputs_info=outputs_info,
                                         return_list=return_list, **options)
    carried = [rng for rng in drawn if rng in outside]
    if carried:  # again, with those generators as states that start from their newest draw
        step = _step_with_draws(fn, _PENDING_UPDATES, n_user, carried, {})
        info = _listed(outputs_info)
        info += [None] * (len(_listed(outputs)) - len(info))
        every, updates = scan_with_updates(
            step, outputs_info=[*info, *(outside[rng] for rng in carried)],
            return_list=True, **options)
        outputs = every[:len(every) - len(carried)]
        for rng, states in zip(carried, every[len(every) - len(carried):]):
            # PyTensor returns a generator carried through a scan as its last state only
            updates[rng] = states if is_generator_variable(states) else states[-1]
        if not return_list and len(outputs) == 1:
            outputs = outputs[0]
    # The final states are not made the generators' newest state: they depend on the
    # scan's inputs, so a later draw compiled into another function would need them.
    return outputs, updates
