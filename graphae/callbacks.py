"""Old home of :mod:`graphae.training.callbacks`: importing it gives that very module."""

import sys

from graphae.training import callbacks as _module

sys.modules[__name__] = _module
