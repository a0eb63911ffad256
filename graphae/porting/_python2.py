"""Python 2 → 3 with fissix, the maintained fork of lib2to3.

Every standard fixer runs except the optional ones and, outside a package,
``fix_import`` (it turns ``from util import x`` into a relative import, which
breaks scripts run as ``__main__``); inside a package (a folder with an
``__init__.py``) it runs, so ``from helper import twice`` becomes ``from
.helper import twice``. Each fixer's edits are recorded by category and line.
"""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path

from fissix import refactor

_SKIPPED = {"fissix.fixes.fix_import"}
#: ``from builtins import input`` (python-future, six): ``input`` is already Python 3's
_PY3_INPUT = re.compile(r"^[ \t]*from[ \t]+(?:future\.builtins|builtins|six\.moves)[ \t]+import"
                        r"[ \t]+(?:\([^)]*\)|[^\n]*)", re.MULTILINE)
_CATEGORIES = {
    "print": "print statements", "xrange": "xrange", "except": "except X, e",
    "dict": "dict.iteritems/keys/values", "has_key": "dict.has_key",
    "raw_input": "raw_input", "imports": "renamed modules (cPickle, urllib...)",
    "imports2": "renamed modules (cPickle, urllib...)", "urllib": "renamed modules (cPickle, urllib...)",
    "unicode": "unicode/basestring", "basestring": "unicode/basestring",
    "long": "long integers", "numliterals": "numeric literals", "ne": "<> operator",
    "raise": "raise X, msg", "next": "iterator .next()", "map": "map/filter/zip as lists",
    "filter": "map/filter/zip as lists", "zip": "map/filter/zip as lists",
}

logging.getLogger("RefactoringTool").setLevel(logging.CRITICAL)


def _record(transform, category, report):
    @functools.wraps(transform)
    def wrapper(node, results):
        before = str(node)
        line = node.get_lineno()
        new = transform(node, results)
        if new is not None or str(node) != before:
            report.change(category, line)
        return new

    return wrapper


class _Tool(refactor.RefactoringTool):
    def log_error(self, msg, *args, **kwargs):
        self.errors.append(msg % args if args else msg)


class ParseError(ValueError):
    """The source is neither valid Python 2 nor Python 3.

    Examples
    --------
    >>> from graphae.porting import port_source
    >>> try:
    ...     port_source("def f(:\\n", name="bad.py")
    ... except ParseError as error:
    ...     print(str(error).split(":")[0])
    bad.py
    """


def _in_package(name):
    """Whether the file ``name`` sits in a package (its folder has an ``__init__.py``)."""
    path = Path(name)
    return path.suffix == ".py" and (path.parent / "__init__.py").is_file()


def _already_python3(source):
    """Fixers to skip because the file imports the Python 3 builtin they would emulate."""
    for match in _PY3_INPUT.finditer(source):
        names = re.findall(r"[A-Za-z_*][A-Za-z_0-9]*", match.group(0).split("import", 1)[1])
        if "input" in names or "*" in names:
            return {"fissix.fixes.fix_input"}
    return set()


def python2_tree(source, report, name="<source>", python3=False):
    """Parse ``source`` as Python 2, apply the 2→3 fixers, return the tree.

    With ``python3=True`` the source is Python 3 already: parsed with the
    Python 3 grammar (``print`` a function) and left as it is.

    Raises
    ------
    ParseError
        With the parser's message and position.
    """
    if python3:
        fixers, options = [], {"print_function": True, "exec_function": True}
    else:
        # inside a package, Python 2's implicit relative imports become explicit ones
        skipped = (set() if _in_package(name) else _SKIPPED) | _already_python3(source)
        fixers = [f for f in refactor.get_fixers_from_package("fissix.fixes")
                  if f not in skipped]
        options = None
    tool = _Tool(fixers, options)
    for fixer in tool.pre_order + tool.post_order:
        short = type(fixer).__module__.rsplit(".fix_", 1)[-1]
        fixer.transform = _record(fixer.transform, _CATEGORIES.get(short, f"python 3: {short}"),
                                  report)
    if not source.endswith("\n"):
        source += "\n"
    tree = tool.refactor_string(source, name)
    if tree is None:
        raise ParseError(f"{name}: cannot parse as Python 2 or 3: "
                         f"{tool.errors[-1] if tool.errors else 'syntax error'}")
    return tree
