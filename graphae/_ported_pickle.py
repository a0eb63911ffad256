"""Loading the pickles a legacy program writes (its models, with their graphs), safely.

The deeplearning.net tutorials save their best model with ``cPickle.dump``
and load it again to predict: the file holds the program's own classes,
shared variables and the symbolic graph. :func:`restricted_load` reads such
a file with an allow-list: what graphae's data loader admits (NumPy arrays,
dtypes, plain containers), PyTensor's graph, type, op and shared-variable
classes (never a compiled function, a linker or anything that reads or
runs code), NumPy's generators (not ``numpy.memmap``, which writes files),
and the classes of the running program
itself (its ``__main__`` and the modules beside it). Anything else is
refused by name, so a hostile file cannot name ``os.system``.
"""

from __future__ import annotations

import builtins
import copyreg
import importlib
import io
import pathlib
import sys

from graphae.datasets import RestrictedUnpickler, UnsafePickleError
from graphae.datasets._safe_pickle import _ALLOWED

__all__ = ["GraphUnpickler", "restricted_load", "restricted_loads"]

#: PyTensor modules whose classes a pickled graph holds (a module or its submodules)
_PYTENSOR_MODULES = ("pytensor.graph", "pytensor.tensor", "pytensor.scalar",
                     "pytensor.misc.frozendict", "pytensor.misc.ordered_set",
                     "pytensor.link.basic", "pytensor.compile.sharedvalue",
                     "pytensor.compile.ops", "pytensor.compile.builders", "pytensor.raise_op",
                     "pytensor.scan.op", "pytensor.ifelse")
#: never: reading files, compiling, linking
_REFUSED_MODULES = ("pytensor.tensor.io", "pytensor.link.c", "pytensor.compile.function")
#: functions (not classes) a pickled graph refers to: type rules, NumPy's generator makers
_FUNCTIONS = {("pytensor.graph.basic", "_get_frozen_output"),
              ("numpy.random._pickle", "__generator_ctor"),
              ("numpy.random._pickle", "__bit_generator_ctor"),
              ("numpy.random._pickle", "__randomstate_ctor"),
              ("copyreg", "_reconstructor")}
_BUILTINS = {"set", "frozenset", "list", "dict", "tuple", "slice", "complex", "object",
             "bytearray", "range", "bool", "int", "float", "str", "bytes"}
_PATHS = {"PosixPath", "WindowsPath", "PurePosixPath", "PureWindowsPath"}


def _inside(module, prefixes):
    return any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes)


def _program_folder():
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    return pathlib.Path(path).resolve().parent if path else None


def _is_program_class(module, value):
    """A class defined by the running program: in ``__main__`` or a module beside it."""
    if not isinstance(value, type) or value.__module__ != module:
        return False
    if module == "__main__":
        return True
    source, folder = getattr(sys.modules.get(module), "__file__", None), _program_folder()
    return bool(source and folder and pathlib.Path(source).resolve().parent == folder)


class GraphUnpickler(RestrictedUnpickler):
    """The data loader's unpickler, also admitting PyTensor graphs and the program's classes.

    Examples
    --------
    >>> import pickle, pytensor.tensor as pt
    >>> x = pt.matrix("x")
    >>> type(restricted_loads(pickle.dumps(pt.exp(x).sum())).owner.op).__name__
    'Sum'
    >>> import os
    >>> try:
    ...     restricted_loads(pickle.dumps(os.system))
    ... except UnsafePickleError:
    ...     print("refused")
    refused
    """

    def find_class(self, module, name):
        if (module, name) in _ALLOWED:
            return _ALLOWED[(module, name)]
        if module in ("builtins", "__builtin__") and name in _BUILTINS:
            return getattr(builtins, name)
        if module == "pathlib" and name in _PATHS:  # file names kept by graphs: inert
            return getattr(pathlib, name)
        if module == "copyreg" and name == "__newobj__":
            return copyreg.__newobj__
        value = self._resolve(module, name)
        if value is not None:
            return value
        raise UnsafePickleError(
            f"refusing to load {module}.{name} from a pickle: only NumPy arrays, PyTensor "
            "graphs and the running program's own classes are allowed (the file may be "
            "malicious)")

    @staticmethod
    def _resolve(module, name):
        allowed_module = (_inside(module, _PYTENSOR_MODULES) or _inside(module, ("numpy.random",))
                          ) and not _inside(module, _REFUSED_MODULES)
        if not allowed_module and module != "__main__" and module not in sys.modules:
            return None  # never import an unknown module on a file's say-so
        try:
            value = getattr(sys.modules.get(module) or importlib.import_module(module), name)
        except (ImportError, AttributeError):
            return None
        if (module, name) in _FUNCTIONS:
            return value
        if allowed_module and isinstance(value, type):
            return value
        if allowed_module and module.startswith("pytensor.scalar") and callable(value) and \
                name.startswith(("upcast", "upgrade", "same_out", "float_out", "int_out",
                                 "bool_out", "complex_out", "transfer_type")):
            return value  # a scalar op's output-type rule
        return value if _is_program_class(module, value) else None


def restricted_load(file, encoding="latin1"):
    """Read one pickle (a legacy model, data...) with :class:`GraphUnpickler`.

    What ``graphae port`` puts in place of ``cPickle.load(f)``. A file opened
    in text mode (Python 2's ``pickle.load(open(path))``) is read through its
    binary buffer.

    Examples
    --------
    >>> import io, pickle, numpy as np
    >>> restricted_load(io.BytesIO(pickle.dumps((np.arange(2),), protocol=2)))[0].tolist()
    [0, 1]
    """
    text = file if isinstance(file, io.TextIOBase) and hasattr(file, "buffer") else None
    # ``text`` stays referenced until the load ends: dropping it would close its buffer
    return GraphUnpickler(file if text is None else text.buffer, encoding=encoding).load()


def restricted_loads(data, encoding="latin1"):
    """:func:`restricted_load` of bytes.

    Examples
    --------
    >>> import pickle
    >>> restricted_loads(pickle.dumps({"a": [1, 2]}))
    {'a': [1, 2]}
    """
    return GraphUnpickler(io.BytesIO(data), encoding=encoding).load()
