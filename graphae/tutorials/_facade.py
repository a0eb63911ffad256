"""What every tutorial class shares: its compile cache, shared scalars, data, the one loop."""

from __future__ import annotations

import numpy as np

from graphae._validation import check_weights
from graphae.backend import shared
from graphae.training import (
    CallbackList,
    CompiledOwner,
    TrainingRun,
    as_shared_data,
    checked_array,
    run_training,
)

__all__ = ["TutorialModel"]


class TutorialModel(CompiledOwner):
    """Base of the deeplearning.net facades: the core's parts behind the tutorials' names.

    A subclass keeps the tutorial's constructor and methods; training goes
    through :func:`graphae.training.run_training` (callbacks, History,
    progress, NaN detection) and compiling through a per-model
    :class:`~graphae.training.CompileCache`.

    Examples
    --------
    >>> TutorialModel()._scalar("lr", 0.1).get_value().item()
    0.1
    """

    stop_training = False

    def _training_state(self):
        """The shared variables a training step updates (a diverging run puts them back)."""
        return list(self.params)

    def get_weights(self):
        """Copies of every parameter's value, in ``params`` order."""
        return [p.get_value() for p in self.params]

    def set_weights(self, weights):
        """Set every parameter from arrays in ``params`` order.

        Raises
        ------
        ValueError
            When the count or a shape does not match, or an array holds NaN,
            inf or non-numbers; nothing is changed then.
        """
        for param, value in zip(self.params, check_weights(self.params, weights)):
            param.set_value(np.asarray(value, dtype=param.dtype))

    def _owned_data(self, data, slot, name, dtype=None):
        """``data`` as a shared variable; arrays refill this model's own copy in ``slot``.

        Refilling one variable per slot (instead of sharing each new array)
        keeps the graphs that read it valid, so they compile once.
        """
        if not isinstance(data, (np.ndarray, list, tuple)):
            return as_shared_data(data, name, dtype)
        values = checked_array(data, name, dtype)
        stored = self.__dict__.setdefault("_data", {}).get(slot)
        if stored is not None and stored.dtype == values.dtype:
            stored.set_value(values, borrow=True)
            return stored
        self._data[slot] = shared(values, name, values.dtype)
        return self._data[slot]

    def _training_data(self, train_set_x, n_columns, unit_interval=True):
        """Validated shared training data (see :meth:`_owned_data`).

        Raises
        ------
        ValueError
            When the data is not 2-D with ``n_columns`` columns, or (with
            ``unit_interval``) holds values outside [0, 1].
        """
        data = self._owned_data(train_set_x, "train_set_x", "train_set_x")
        values = data.get_value(borrow=True)
        if values.ndim != 2 or values.shape[1] != n_columns:
            raise ValueError(f"train_set_x must have shape (n, {n_columns}), got {values.shape}")
        if unit_interval and (values.min() < 0 or values.max() > 1):
            raise ValueError("train_set_x must hold values in [0, 1]")
        return data

    def _run(self, step, n_batches, epochs, batch_size, callbacks=None, verbose=1, name=None,
             internal=(), state=None):
        """Train through the one loop; returns the :class:`~graphae.training.History`.

        ``internal`` callbacks (the patience rule, a time limit) run before
        the user's ``callbacks``; ``state`` (``params`` by default) is what a
        diverging run puts back.
        """
        callback_list = CallbackList([*internal, *CallbackList(callbacks).callbacks])
        callback_list.set_model(self)
        self.stop_training = False
        run = TrainingRun(step=step, n_batches=n_batches, epochs=int(epochs),
                          batch_size=int(batch_size),
                          state=list(self.params if state is None else state),
                          should_stop=lambda: self.stop_training,
                          replayable=hasattr(step, "maker"))  # a compiled step replays
        return run_training(run, callback_list, verbose=verbose,
                            name=name or type(self).__name__)
