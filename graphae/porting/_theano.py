"""Theano → PyTensor rewrites on a Python 3 parse tree.

Imports are rewritten (``import theano.tensor as T`` → ``import
pytensor.tensor as T``), every dotted name that resolves to a Theano object
is renamed through :data:`RENAMES` (the longest matching prefix wins; the
renames are the compatibility table's rows marked ``RENAMED``),
``RandomStreams`` draws become explicit-generator calls with the legacy
signature, ``Param(default=)`` becomes ``Input(value=)``, and ``if not W:``
on a parameter defaulting to None becomes ``if W is None:``. Names the
compatibility table marks unsupported are reported and left as they are.
"""

from __future__ import annotations

import functools
import importlib

from fissix import pytree
from fissix.fixer_util import touch_import
from fissix.pgen2 import token

from graphae.compat.theano._table import UNSUPPORTED, THEANO_NAMES, unsupported_message
from graphae.porting._tree import (
    call_trailer,
    dotted_prefix,
    enclosing_function,
    insert_first_argument,
    is_name,
    keyword_arguments,
    line_of,
    parameters_defaulting_to_none,
    parse_small_statement,
    remove_statement,
    replace_prefix,
    statement_of,
    syms,
)

#: Theano path prefix -> modern path prefix: the table's rows marked ``RENAMED``.
RENAMES = {row.name: row.replacement for row in THEANO_NAMES if row.renamed}
MODULES = {"pytensor", "pytensor.tensor", "pytensor.printing", "pytensor.gradient",
           "pytensor.ifelse", "pytensor.compile"}
UNSUPPORTED_NAMES = [row.name for row in THEANO_NAMES
                     if row.status == UNSUPPORTED and row.name.startswith("theano")]
DRAWS = {"binomial", "normal", "uniform"}


def modern_path(path):
    """Map a Theano dotted path to its modern one (None: unsupported).

    Examples
    --------
    >>> modern_path("theano.tensor.nnet.softmax")
    'graphae.ported.softmax'
    >>> modern_path("theano.tensor.dot")
    'pytensor.tensor.dot'
    """
    if _unsupported_name(path) is not None:
        return None
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        prefix = ".".join(parts[:cut])
        if prefix in RENAMES:
            return ".".join([RENAMES[prefix], *parts[cut:]])
    return path


def _unsupported_name(path):
    """The unsupported table name ``path`` is, is inside, or is the module of."""
    for name in UNSUPPORTED_NAMES:
        if path == name or path.startswith(name + "."):
            return name
    inside = [(row.name, row.status) for row in THEANO_NAMES
              if row.name.startswith(path + ".")]
    if inside and all(status == UNSUPPORTED for _, status in inside):
        return inside[0][0]
    return None


@functools.lru_cache(maxsize=None)
def resolves(path):
    """Whether the dotted ``path`` (a module, then attributes) exists in this installation.

    Examples
    --------
    >>> resolves("pytensor.tensor.dot"), resolves("pytensor.tensor.nnet.neighbours")
    (True, False)
    """
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            value = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            try:
                value = getattr(value, attribute)
            except AttributeError:
                return False
        return True
    return False


def _importable(path, modern):
    """An imported Theano path is usable when it exists today or the table maps names under it."""
    return resolves(modern) or any(name.startswith(path + ".") for name in RENAMES)


def _missing_message(path, modern):
    return (f"{path}: neither PyTensor nor graphae has it ({modern} does not exist); "
            "rewrite this call by hand")


def _code(node):
    """A node's source without the comments and blank lines before it (its prefix)."""
    return str(node)[len(node.prefix):].strip()


class TheanoPort:
    """One conversion of one tree; see the module docstring."""

    def __init__(self, tree, report):
        self.tree, self.report = tree, report
        self.aliases = {}  # local name -> Theano path it is bound to
        self.spellings = {}  # local name -> modern module it is bound to
        self.imports = set()

    def run(self):
        self._imports()
        self._names()
        self._draws()
        self._truthiness()
        for module in sorted(self.imports):
            touch_import(None, module, self.tree)

    # -- imports -------------------------------------------------------------
    def _imports(self):
        for node in list(self.tree.pre_order()):
            if node.type == syms.import_name:
                self._import_name(node)
            elif node.type == syms.import_from:
                self._import_from(node)

    def _import_name(self, node):
        items = node.children[1]
        items = items.children[::2] if items.type == syms.dotted_as_names else [items]
        if not any(str(item).strip().startswith("theano") for item in items):
            return
        kept = []
        for item in items:
            if item.type == syms.dotted_as_name:
                path, bound = str(item.children[0]).strip(), item.children[-1].value
            else:
                path = str(item).strip()
                bound = path.split(".")[0]
            if not (path == "theano" or path.startswith("theano.")):
                kept.append(str(item).strip())
                continue
            modern = modern_path(path)
            if modern is None or not _importable(path, modern):
                self.report.cannot_port(line_of(node), unsupported_message(
                    _unsupported_name(path)) if modern is None else _missing_message(path, modern))
                kept.append(str(item).strip())
                continue
            self.aliases[bound] = path if bound != "theano" else "theano"
            if modern in MODULES:
                alias = bound if item.type == syms.dotted_as_name else modern.split(".")[0]
                self.spellings[alias] = modern if item.type == syms.dotted_as_name else "pytensor"
                kept.append(modern if alias == modern.split(".")[0] and
                            item.type != syms.dotted_as_name else f"{modern} as {alias}")
        self._rewrite_import(node, kept, "import " + ", ".join(kept))

    def _import_from(self, node):
        module = str(node.children[1]).strip()
        if not (module == "theano" or module.startswith("theano.")):
            return
        names = node.children[3:]
        names = [n for n in names if n.type not in (token.LPAR, token.RPAR)]
        names = names[0].children[::2] if names and names[0].type == syms.import_as_names else names
        kept_modules = []
        for item in names:
            name = item.children[0].value if item.type == syms.import_as_name else item.value
            bound = item.children[-1].value if item.type == syms.import_as_name else name
            path = f"{module}.{name}"
            modern = modern_path(path)
            if modern is None:
                self.report.cannot_port(line_of(node),
                                        unsupported_message(_unsupported_name(path)))
                return
            if not _importable(path, modern):
                self.report.cannot_port(line_of(node), _missing_message(path, modern))
                return
            self.aliases[bound] = path
            if modern in MODULES:
                self.spellings[bound] = modern
                kept_modules.append(f"{modern} as {bound}")
        self._rewrite_import(node, kept_modules, "import " + ", ".join(kept_modules))

    def _rewrite_import(self, node, kept, text):
        statement = statement_of(node)
        if not kept:
            self.report.change("Theano imports", line_of(node), "removed")
            remove_statement(statement)
        elif str(node)[len(node.prefix):].strip() != text:
            self.report.change("Theano imports", line_of(node), text)
            replacement = parse_small_statement(text)
            replacement.prefix = node.prefix
            node.replace(replacement)

    # -- dotted names ---------------------------------------------------------
    def _spell(self, modern):
        best = None
        for local, module in self.spellings.items():
            if modern == module or modern.startswith(module + "."):
                if best is None or len(module) > len(self.spellings[best]):
                    best = local
        if best is not None:
            return best + modern[len(self.spellings[best]):]
        module = ".".join(modern.split(".")[:2])
        self.imports.add(module if module in MODULES or module == "graphae.ported"
                         else modern.split(".")[0])
        return modern

    def _names(self):
        for node in list(self.tree.pre_order()):
            if node.type != syms.power or node.parent is None:
                continue
            parts, used = dotted_prefix(node)
            if not parts or parts[0] not in self.aliases:
                continue
            path = ".".join([self.aliases[parts[0]], *parts[1:]])
            modern = modern_path(path)
            if modern is None:
                self.report.cannot_port(line_of(node),
                                        unsupported_message(_unsupported_name(path)))
                continue
            if modern.startswith(("pytensor", "graphae.ported")) and not resolves(modern):
                self.report.cannot_port(line_of(node), _missing_message(path, modern))
                continue
            spelled = self._spell(modern)
            if spelled != ".".join(parts):
                replace_prefix(node, used, spelled)
                self.report.change("Theano -> PyTensor names", line_of(node),
                                   f"{'.'.join(parts)} -> {spelled}")
            if modern == "graphae.ported.Input":
                self._param_default(node)

    def _param_default(self, power):
        trailer = call_trailer(power, 1)
        for argument in keyword_arguments(trailer) if trailer else []:
            if is_name(argument.children[0], "default"):
                argument.children[0].value = "value"
                argument.children[0].changed()

    # -- random streams -------------------------------------------------------
    def _stream_names(self):
        streams, assignments = set(), []
        for node in self.tree.pre_order():
            if node.type == syms.expr_stmt and len(node.children) == 3 and (
                    node.children[1].type == token.EQUAL):
                target, value = _code(node.children[0]), node.children[2]
                assignments.append((target, _code(value)))
                if "shared_generator(" in str(value):
                    streams.add(target)
        changed = True
        while changed:  # names assigned from known streams are streams too
            changed = False
            for target, value in assignments:
                if value in streams and target not in streams:
                    streams.add(target)
                    changed = True
        streams |= {name.split(".")[-1] for name in streams}  # parameters of that name
        return streams

    def _draws(self):
        streams = self._stream_names()
        for node in list(self.tree.pre_order()):
            if node.type != syms.power:
                continue
            parts, used = dotted_prefix(node)
            receiver = ".".join(parts[:-1])
            if len(parts) < 2 or receiver not in streams:
                continue
            trailer = call_trailer(node, used + 1)
            if parts[-1] not in DRAWS or trailer is None or used != len(parts) - 1:
                if trailer is not None:
                    self.report.cannot_port(line_of(node),
                                            f"{receiver}.{parts[-1]}(): random-stream method "
                                            "with no explicit-generator equivalent")
                continue
            replace_prefix(node, used, self._spell(f"graphae.ported.{parts[-1]}"))
            insert_first_argument(trailer, receiver)
            self.report.change("RandomStreams draws -> explicit generator", line_of(node),
                               f"{receiver}.{parts[-1]}(size, ...)")

    # -- truthiness -------------------------------------------------------------
    def _truthiness(self):
        for node in list(self.tree.pre_order()):
            if node.type not in (syms.if_stmt, syms.while_stmt):
                continue
            for index, child in enumerate(node.children):
                keyword = node.children[index - 1] if index else None
                if keyword is None or getattr(keyword, "value", None) not in ("if", "elif",
                                                                                "while"):
                    continue
                self._truth_test(child)

    def _truth_test(self, test):
        negated = test.type == syms.not_test and is_name(test.children[1])
        name = test.children[1] if negated else test
        if not is_name(name):
            return
        function = enclosing_function(test)
        if function is None or name.value not in parameters_defaulting_to_none(function):
            return
        text = f"{name.value} is None" if negated else f"{name.value} is not None"
        test.replace(pytree.Leaf(token.NAME, text, prefix=test.prefix))
        self.report.change("truthiness test -> is None", line_of(name), text)
