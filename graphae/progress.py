"""Old home of :mod:`graphae.training.progress`: importing it gives that very module."""

from graphae._legacy import legacy_module
from graphae.training import progress as _module

legacy_module(__name__, _module)
