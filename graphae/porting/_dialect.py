"""Is a file Python 2 or Python 3? Decided per file, from what it uses.

A file that Python 3 cannot parse is Python 2. One it can parse is Python 3
when it uses something only Python 3 has (``print`` with several arguments
or ``sep=``/``end=``/``file=``, f-strings, ``nonlocal``, annotations,
keyword-only arguments, ``yield from``, ``async``, ``@``, starred
assignment, ``super()`` without arguments) and nothing only Python 2 has
(``xrange``, ``raw_input``, ``unicode``, ``.iteritems()``, ``.has_key()``,
Python 2 module names, ``from __future__ import print_function``...). Anything else is read as Python 2, whose
conversion leaves code valid in both dialects as it was (bar integer
division feeding ``range``, which Python 3 would refuse anyway).
"""

from __future__ import annotations

import ast

__all__ = ["is_python3"]

#: builtins Python 3 removed: used without being defined, they mark Python 2
_PYTHON2_BUILTINS = {"xrange", "raw_input", "unicode", "basestring", "long", "unichr",
                     "execfile", "reload", "cmp", "file", "buffer", "apply", "intern"}
_PYTHON2_METHODS = {"iteritems", "iterkeys", "itervalues", "has_key", "viewitems",
                    "viewkeys", "viewvalues"}
_PYTHON2_MODULES = {"cPickle", "urllib2", "urlparse", "StringIO", "cStringIO", "Queue",
                    "ConfigParser", "Tkinter", "tkMessageBox", "__builtin__", "commands",
                    "httplib", "cookielib", "HTMLParser", "SocketServer", "copy_reg",
                    "itertools.izip", "thread", "dummy_thread", "anydbm", "dbhash"}
_PRINT_KEYWORDS = {"sep", "end", "file", "flush"}


def is_python3(source):
    """True when ``source`` is Python 3 code (see the module docstring).

    Examples
    --------
    >>> is_python3("print('a', 1)\\n"), is_python3("print 'a', 1\\n")
    (True, False)
    >>> is_python3("for i in xrange(3): print('a', i)\\n")  # a Python 2 builtin
    False
    >>> is_python3("print('ambiguous')\\n")  # valid in both: read as Python 2
    False
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    defined = _defined_names(tree)
    python3 = False
    for node in ast.walk(tree):
        if _python2_only(node, defined):
            return False
        python3 = python3 or _python3_only(node)
    return python3


def _defined_names(tree):
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return names


#: ``from __future__ import`` names that only a Python 2 file needs
_PYTHON2_FUTURES = {"print_function", "division", "absolute_import", "unicode_literals",
                    "with_statement", "generators", "nested_scopes"}


def _python2_only(node, defined):
    if isinstance(node, ast.ImportFrom) and node.module == "__future__":
        return any(alias.name in _PYTHON2_FUTURES for alias in node.names)
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
        return node.id in _PYTHON2_BUILTINS and node.id not in defined
    if isinstance(node, ast.Attribute):
        return node.attr in _PYTHON2_METHODS
    if isinstance(node, ast.Import):
        return any(alias.name in _PYTHON2_MODULES for alias in node.names)
    if isinstance(node, ast.ImportFrom):
        return node.level == 0 and node.module in _PYTHON2_MODULES
    return False


def _python3_only(node):
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        if node.func.id == "print":
            return len(node.args) > 1 or any(k.arg in _PRINT_KEYWORDS for k in node.keywords)
        if node.func.id == "super":
            return not node.args
    if isinstance(node, (ast.JoinedStr, ast.Nonlocal, ast.YieldFrom, ast.AsyncFunctionDef,
                         ast.Await, ast.AnnAssign)):
        return True
    if isinstance(node, ast.Assign):  # a, *rest = ...
        return any(isinstance(e, ast.Starred) for t in node.targets
                   if isinstance(t, (ast.Tuple, ast.List)) for e in t.elts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
        return True
    if isinstance(node, (ast.FunctionDef, ast.Lambda)):
        arguments = node.args
        return bool(arguments.kwonlyargs or arguments.posonlyargs or getattr(
            node, "returns", None) or any(a.annotation for a in arguments.args))
    return False
