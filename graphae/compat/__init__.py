"""The Theano compatibility layer: ``import theano`` runs on PyTensor.

:func:`install` adds an import hook that serves ``theano`` and its
submodules from :mod:`graphae.compat.theano` and applies ``THEANO_FLAGS``;
:func:`uninstall` removes it. ``graphae legacy run`` installs it for you.

Examples
--------
>>> import graphae.compat
>>> with graphae.compat.installed():
...     import theano.tensor as T
...     print(T.nnet.softmax.__module__)
graphae.ported
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.abc
import importlib.util
import sys

__all__ = ["install", "installed", "uninstall"]


class _TheanoFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves ``theano.X`` from ``graphae.compat.theano.X``."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname == "theano" or fullname.startswith("theano."):
            return importlib.util.spec_from_loader(fullname, self, is_package=True)
        return None

    def create_module(self, spec):
        real = f"graphae.compat.{spec.name}"
        try:
            return importlib.import_module(real)
        except ModuleNotFoundError as error:
            if error.name == real:
                raise ModuleNotFoundError(
                    f"No module named {spec.name!r}: graphae's Theano layer does not "
                    "provide it (see docs/theano-compat.md)", name=spec.name) from None
            raise

    def exec_module(self, module):
        """The module was fully executed by ``create_module``."""


_FINDER = _TheanoFinder()


def install(apply_flags=True):
    """Make ``import theano`` load graphae's Theano layer (idempotent).

    Parameters
    ----------
    apply_flags : bool, default True
        Apply ``THEANO_FLAGS`` from the environment (e.g. ``floatX``).

    Returns
    -------
    dict
        The THEANO_FLAGS settings applied.

    Examples
    --------
    >>> import sys
    >>> install(apply_flags=False)
    {}
    >>> import theano
    >>> theano.__version__
    '1.0.5+graphae'
    >>> uninstall()
    >>> "theano" in sys.modules
    False
    """
    from graphae.compat.theano._core import install_truth_rule

    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
    install_truth_rule()
    if not apply_flags:
        return {}
    from graphae.compat.theano._core import apply_theano_flags

    return apply_theano_flags()


def uninstall():
    """Remove the import hook and forget the ``theano`` modules it served.

    Examples
    --------
    >>> install(apply_flags=False)
    {}
    >>> uninstall()
    """
    from graphae.compat.theano._core import uninstall_truth_rule

    if _FINDER in sys.meta_path:
        sys.meta_path.remove(_FINDER)
    uninstall_truth_rule()
    for name in [n for n in sys.modules if n == "theano" or n.startswith("theano.")]:
        del sys.modules[name]


@contextlib.contextmanager
def installed(apply_flags=False):
    """Context manager: the Theano layer is installed inside the block only.

    Examples
    --------
    >>> with installed():
    ...     import theano.tensor as T
    ...     T.nnet.relu.__name__
    'relu'
    """
    already = _FINDER in sys.meta_path
    install(apply_flags)
    try:
        yield
    finally:
        if not already:
            uninstall()
