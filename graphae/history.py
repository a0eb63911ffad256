"""Old home of :mod:`graphae.training.history`: importing it gives that very module."""

import sys

from graphae.training import history as _module

sys.modules[__name__] = _module
