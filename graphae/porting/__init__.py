"""Porting legacy Python 2 + Theano programs: ``graphae port`` and ``legacy run``.

:func:`port_source` converts source text in four passes and reports each edit
by category and line: pasted typographic characters, Python 2 → 3 (fissix),
Python 2 idioms the standard fixers miss (integer division feeding
``range``, ``time.clock``, ``.as_matrix()``, unsafe pickle loading) and, with
``theano=True``, Theano → PyTensor (+ :mod:`graphae.ported`). The result runs
without the compatibility layer.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from graphae.porting._dialect import is_python3
from graphae.porting._idioms import integer_division, removed_apis
from graphae.porting._python2 import ParseError, python2_tree
from graphae.porting._report import Change, PortReport
from graphae.porting._text import fix_pasted_characters
from graphae.porting._theano import RENAMES, TheanoPort, modern_path

__all__ = ["Change", "ParseError", "PortReport", "RENAMES", "modern_path", "port_file",
           "port_source", "run_legacy"]


def port_source(source, theano=True, name="<source>", keep_lines=False):
    """Convert legacy source text; returns a :class:`PortReport`.

    Parameters
    ----------
    source : str
    theano : bool, default True
        Also rewrite Theano to PyTensor (False keeps ``import theano`` for
        the compatibility layer, as ``graphae legacy run`` does).
    name : str
        File name used in error messages.
    keep_lines : bool, default False
        Add no import lines (``graphae legacy run``, which provides
        ``graphae.ported`` itself), so the converted code keeps the
        source's line numbers in tracebacks.

    Raises
    ------
    ParseError
        If the source is not valid Python 2 or 3.

    Examples
    --------
    >>> report = port_source("import theano.tensor as T\\nfor i in xrange(3): print i\\n"
    ...                      "y = T.nnet.softmax(T.matrix())\\n")
    >>> print(report.source, end="")
    import pytensor.tensor as T
    import graphae.ported
    for i in range(3): print(i)
    y = graphae.ported.softmax(T.matrix())
    """
    report = PortReport(source)
    text = fix_pasted_characters(source, report)
    report.dialect = "python3" if is_python3(text) else "python2"
    tree = python2_tree(text, report, name, python3=report.dialect == "python3")
    if report.dialect == "python2":
        integer_division(tree, report)
    removed_apis(tree, report, keep_lines)
    if theano:
        TheanoPort(tree, report).run()
    report.source = str(tree)
    return report


def port_file(path, output=None, theano=True):
    """Convert the file ``path``; write to ``output`` when given.

    Returns
    -------
    PortReport
        ``report.diff`` holds a unified diff of the change.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "old.py").write_text("print 'hi'\\n")
    >>> report = port_file(folder / "old.py", folder / "new.py")
    >>> (folder / "new.py").read_text()
    "print('hi')\\n"
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {path}")
    original = path.read_text(encoding="utf-8")
    report = port_source(original, theano=theano, name=str(path))
    report.diff = "".join(difflib.unified_diff(
        original.splitlines(keepends=True), report.source.splitlines(keepends=True),
        fromfile=str(path), tofile=str(output or path)))
    if output is not None:
        from graphae._io import atomic_write_text

        atomic_write_text(output, report.source)
    return report


from graphae.porting._runner import run_legacy  # noqa: E402  (needs port_source)
