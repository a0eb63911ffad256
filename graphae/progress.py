"""Old home of :mod:`graphae.training.progress`: importing it gives that very module."""

import sys

from graphae.training import progress as _module

sys.modules[__name__] = _module
