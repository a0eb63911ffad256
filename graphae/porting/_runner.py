"""``graphae legacy run``: run an unconverted Python 2 + Theano script.

The script (and any Python 2 module it imports from its own folder) is
converted to Python 3 in memory, ``import theano`` is served by
:mod:`graphae.compat`, figures are drawn headless and every ``plt.show()``
saves the open figures into an output folder instead. The working directory
is the caller's, as with ``python script.py``, so relative paths such as
``../large_files/train.csv`` mean what they meant to the script's author.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import random
import sys
import types
from pathlib import Path

import numpy as np

from graphae import compat
from graphae.porting import port_source


_GRAPHAE = Path(__file__).resolve().parents[1]  # graphae itself is never converted


class _LocalPython2Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports the program's own modules, converting them first.

    A module is the program's own when Python would import it from the
    script's folder or from a folder the script itself put on ``sys.path``
    (``sys.path.append(os.path.abspath('..'))``), packages and their
    submodules included; libraries found where they were before the script
    ran are left to Python.
    """

    def __init__(self, folder):
        self.folder = Path(folder).resolve()
        self.loaded = []
        self.path_before = set(sys.path)

    def _own_folders(self):
        added = [Path(entry or ".").resolve() for entry in sys.path
                 if entry not in self.path_before]
        return [self.folder, *added]

    def find_spec(self, fullname, path=None, target=None):
        found = importlib.machinery.PathFinder.find_spec(fullname, path)
        origin = getattr(found, "origin", None)
        if found is None or not origin or not origin.endswith(".py"):
            return None
        source = Path(origin).resolve()
        if source.is_relative_to(_GRAPHAE) or not any(
                source.is_relative_to(folder) for folder in self._own_folders()):
            return None
        return importlib.util.spec_from_file_location(
            fullname, origin, loader=self,
            submodule_search_locations=found.submodule_search_locations)

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        source = Path(module.__file__).read_text(encoding="utf-8")
        converted = port_source(source, theano=False, name=module.__file__,
                                keep_lines=True).source
        self.loaded.append(module.__name__)
        module.__dict__.setdefault("graphae", _graphae_with_ported())
        exec(compile(converted, module.__file__, "exec"), module.__dict__)


def _graphae_with_ported():
    """The ``graphae`` package with ``graphae.ported`` loaded (what converted code calls)."""
    import graphae
    import graphae.ported  # noqa: F401

    return graphae


class _FigureSaver:
    """Replacement for ``plt.show``: saves every open figure, then closes them."""

    def __init__(self, folder, stem):
        self.folder, self.stem, self.saved = Path(folder), stem, []

    def __call__(self, *args, **kwargs):
        import matplotlib.pyplot as plt

        self.folder.mkdir(parents=True, exist_ok=True)
        for number in plt.get_fignums():
            path = self.folder / f"{self.stem}_figure{len(self.saved) + 1}.png"
            plt.figure(number).savefig(path)
            self.saved.append(path)
            print(f"graphae legacy run: plt.show() saved {path}", file=sys.stderr, flush=True)
        plt.close("all")


@contextlib.contextmanager
def _legacy_environment(script, args, seed, out_dir, chdir):
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    saved_state = (list(sys.argv), list(sys.path), os.getcwd(), plt.show)
    had_compat = "theano" in sys.modules
    finder = _LocalPython2Finder(script.parent)
    saver = _FigureSaver(out_dir, script.stem)
    sys.argv = [str(script), *args]
    sys.path.insert(0, str(script.parent))
    sys.meta_path.insert(0, finder)
    plt.show = saver
    compat.install()
    if seed is not None:
        random.seed(seed)
        np.random.seed(seed)
    if chdir:
        os.chdir(script.parent)
    try:
        yield saver
    finally:
        sys.argv, sys.path, cwd, plt.show = saved_state
        os.chdir(cwd)
        sys.meta_path.remove(finder)
        for name in finder.loaded:
            sys.modules.pop(name, None)
        if not had_compat:
            compat.uninstall()


def run_legacy(script, args=(), seed=None, out_dir=None, chdir=False):
    """Run a legacy script as ``__main__``; returns the figures ``plt.show`` saved.

    Parameters
    ----------
    script : str or Path
    args : sequence of str
        The script's own command-line arguments.
    seed : int, optional
        Seeds Python's ``random`` and NumPy's global generator first, so two
        runs print the same numbers.
    out_dir : str or Path, optional
        Where figures go; default ``<script stem>_figures`` in the working
        directory.
    chdir : bool, default False
        Run from the script's folder instead of the current one.

    Returns
    -------
    list of pathlib.Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "old.py").write_text("import theano\\nprint 'floatX', theano.config.floatX\\n")
    >>> run_legacy(folder / "old.py", out_dir=folder)
    floatX float64
    []
    """
    script = Path(script).resolve()
    if not script.is_file():
        raise FileNotFoundError(f"no such script: {script}")
    source = script.read_text(encoding="utf-8")
    code = compile(port_source(source, theano=False, name=str(script), keep_lines=True).source,
                   str(script), "exec")
    out_dir = Path(out_dir) if out_dir is not None else Path(f"{script.stem}_figures")
    with _legacy_environment(script, list(args), seed, out_dir, chdir) as saver, \
            _as_main(script) as module:
        try:
            exec(code, module.__dict__)
        except ModuleNotFoundError as error:
            _name_the_extra(error)
            raise
    return saver.saved


@contextlib.contextmanager
def _as_main(script):
    """The script runs as a real ``__main__`` module, so its classes can be pickled."""
    module = types.ModuleType("__main__")
    module.__file__ = str(script)
    module.__builtins__ = __builtins__
    module.graphae = _graphae_with_ported()
    previous = sys.modules.get("__main__")
    sys.modules["__main__"] = module
    try:
        yield module
    finally:
        if previous is not None:
            sys.modules["__main__"] = previous


#: packages every Theano environment had (Theano required six), in graphae's ``legacy`` extra
_THEANO_ERA_PACKAGES = {"six": "six", "future": "future", "past": "future",
                        "libfuturize": "future"}


def _name_the_extra(error):
    """A missing Theano-era package: say how to get it (``pip install "graphae[legacy]"``)."""
    top = (error.name or "").split(".")[0]
    if top in _THEANO_ERA_PACKAGES:
        raise ModuleNotFoundError(
            f"{error}: the script imports {top}, which every Theano environment had "
            f"(package {_THEANO_ERA_PACKAGES[top]}); pip install \"graphae[legacy]\"",
            name=error.name) from error
