"""Training: shared data and minibatches, the compile cache, the one loop, callbacks, History.

- :mod:`._data`: :class:`SharedDataset`, :func:`minibatch` (the one
  minibatch gather), :func:`as_shared_data`, :func:`n_minibatches`;
- :mod:`._cache`: :class:`CompileCache`, the only place models compile;
- :mod:`._owner`: :class:`CompiledOwner`, a model's cache and shared scalars;
- :mod:`._loop`: :func:`run_training`, the one loop (:class:`TrainingRun`
  says what to run), and :class:`TrainingDiverged`;
- :mod:`.callbacks`, :mod:`.history`, :mod:`.progress` (the only module that
  prints).
"""

from graphae.training._cache import CompileCache, Graph
from graphae.training._data import (
    SharedDataset,
    as_shared_data,
    batch_index,
    checked_array,
    minibatch,
    n_minibatches,
    n_rows,
)
from graphae.training._owner import CompiledOwner
from graphae.training._loop import TrainingDiverged, TrainingRun, run_training
from graphae.training.callbacks import (
    Callback,
    CallbackList,
    PatienceEarlyStopping,
    TimeLimit,
)
from graphae.training.history import History
from graphae.training.progress import ProgressLogger, announce, announce_compile

__all__ = ["Callback", "CallbackList", "CompileCache", "CompiledOwner", "Graph", "History",
           "PatienceEarlyStopping", "ProgressLogger", "TimeLimit",
           "SharedDataset", "TrainingDiverged", "TrainingRun", "announce", "announce_compile",
           "as_shared_data", "batch_index", "checked_array", "minibatch", "n_minibatches", "n_rows",
           "run_training"]
