"""How many threads the C kernels' BLAS may use: all free cores, never more.

OpenBLAS splits each matrix product between its threads, which spin while
they wait for each other. When other processes hold the cores, a thread is
descheduled mid-product and the others spin until it runs again: measured on
the project's 2-core machine, an X-wing epoch with 2 BLAS threads went from
3.5 s (quiet) to 107.6 s per 60,000 samples beside two busy processes, where
1 thread took 8.0 s (its fair share).

graphae's default, ``"auto"``, counts at the start of every training epoch
the runnable threads of *other* processes (``/proc/loadavg`` minus this
process's own running threads; at most once a second) and gives the BLAS
the cores left free, at least one. An integer fixes the count. Set it with
:func:`set_num_threads` or ``GRAPHAE_NUM_THREADS``. Only the BLAS that
graphae linked its kernels to is changed; NumPy's own BLAS is left alone.
"""

from __future__ import annotations

import os
import time

#: Environment variable: ``auto`` (default) or a positive integer.
THREADS_ENV_VAR = "GRAPHAE_NUM_THREADS"

#: ``"auto"`` looks at the machine at most this often (seconds).
RECOUNT_INTERVAL = 1.0

_state: dict = {"setting": None, "controller": None, "current": None, "counted": (None, 0.0),
                "searched": 0.0}


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity, e.g. a container's share).

    Examples
    --------
    >>> available_cores() >= 1
    True
    """
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _own_running_threads() -> int:
    running = 0
    for task in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{task}/stat") as stat:
                running += stat.read().rsplit(")", 1)[1].split()[0] == "R"
        except OSError:  # the thread ended meanwhile
            continue
    return running


def other_runnable_threads(samples=5, interval=0.002) -> int | None:
    """Runnable threads of other processes (the least of ``samples``), None off Linux.

    The least, not the mean: a competing process is runnable at every
    sample, a shell or a daemon waking up is not.

    Examples
    --------
    >>> other_runnable_threads() is None or other_runnable_threads() >= 0
    True
    """
    counts = []
    for index in range(samples):
        try:
            with open("/proc/loadavg") as loadavg:
                system = int(loadavg.read().split()[3].split("/")[0])
            counts.append(max(system - _own_running_threads(), 0))
        except (OSError, ValueError, IndexError):
            return None
        if index + 1 < samples:
            time.sleep(interval)
    return min(counts)


def _parse(setting):
    given = os.environ.get(THREADS_ENV_VAR, "auto") if setting is None else setting
    count = given
    if isinstance(given, str):
        text = given.strip().lower()
        if text == "auto":
            return "auto"
        count = int(text) if text.isdigit() else None
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        source = f" ({THREADS_ENV_VAR})" if setting is None else ""
        raise ValueError(f"number of threads{source} must be 'auto' or a positive integer; "
                         f"got {given!r}")
    return count


def num_threads_setting():
    """The policy: ``"auto"`` or a fixed thread count.

    Examples
    --------
    >>> num_threads_setting() == "auto" or num_threads_setting() >= 1
    True
    """
    if _state["setting"] is None:
        _state["setting"] = _parse(None)
    return _state["setting"]


def set_num_threads(setting="auto"):
    """Set how many threads the C kernels' BLAS uses; returns the previous policy.

    Parameters
    ----------
    setting : "auto" or int
        ``"auto"``: the cores other processes leave free, re-counted at the
        start of every epoch (at least 1). An integer: that many, always.

    Raises
    ------
    ValueError
        For anything else (0, negative, a non-number).

    Examples
    --------
    >>> previous = set_num_threads(1)
    >>> num_threads_setting()
    1
    >>> set_num_threads(previous)
    1
    >>> set_num_threads(0)
    Traceback (most recent call last):
    ...
    ValueError: number of threads must be 'auto' or a positive integer; got 0
    """
    previous = num_threads_setting()
    _state["setting"] = _parse(setting)
    _state["counted"] = (None, 0.0)
    return previous


def choose_num_threads() -> int:
    """The thread count the policy gives now.

    Examples
    --------
    >>> choose_num_threads() >= 1
    True
    """
    setting = num_threads_setting()
    if setting != "auto":
        return setting
    count, when = _state["counted"]
    now = time.monotonic()
    if count is None or now - when >= RECOUNT_INTERVAL:
        cores, others = available_cores(), other_runnable_threads()
        count = cores if others is None else max(1, cores - others)
        _state["counted"] = (count, now)
    return count


def _controller(library):
    """threadpoolctl's handle on the BLAS at ``library`` once it is loaded, else None."""
    cached = _state["controller"]
    if cached is not None:
        return cached
    now = time.monotonic()
    if now - _state["searched"] < RECOUNT_INTERVAL:  # a numba/jax fit never loads it: look rarely
        return None
    _state["searched"] = now
    from threadpoolctl import ThreadpoolController

    for controller in ThreadpoolController().lib_controllers:
        if library and os.path.realpath(controller.filepath) == os.path.realpath(library):
            _state["controller"] = controller
            return controller
    return None


def apply_num_threads(library) -> int | None:
    """Give the BLAS at ``library`` the policy's thread count; the count, or None if not loaded.

    Called by the training loop at the start of every epoch.
    """
    controller = _controller(library)
    if controller is None:
        return None
    count = choose_num_threads()
    if count != _state["current"]:
        controller.set_num_threads(count)
        _state["current"] = count
    return count
