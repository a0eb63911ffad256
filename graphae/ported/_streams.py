"""The emulated random streams' bookkeeping, shared by the ported draws and ``scan``."""

from __future__ import annotations

import weakref

# Theano's RandomStreams advanced their generators implicitly. PyTensor 3
# deprecates that mechanism (setting ``default_update`` and the
# ``no_default_updates`` flag both warn), so graphae.ported remembers the newest
# state drawn from each shared generator (so that its draws chain) and
# :func:`graphae.ported.function` turns it, or the last state a graph's draws reach, into an
# explicit update. Weak keys: a generator nobody holds needs no update.
_PENDING_UPDATES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
# While a scan step is being built, draws from a generator go to the step's own
# child of it (graphae/ported/_scan.py): the innermost scan's redirection.
_SCAN_REDIRECTS: list = []
