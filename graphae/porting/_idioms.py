"""Python 2 idioms the standard fixers leave alone.

- ``n_batches = N / batch_sz`` or ``n /= k`` feeding ``range``, an index or a
  slice (and ``range(N / b)``): ``//``;
- ``time.clock()`` (removed in Python 3.8): ``time.perf_counter()``;
- pandas ``.as_matrix()`` (removed): ``.values``;
- ``pickle.load(f)`` / ``cPickle.load(f)`` on legacy files: graphae's
  restricted unpickler (:func:`graphae.ported.restricted_load`), which reads
  Python-2 pickles (latin1) and refuses anything but NumPy arrays and tuples,
  except a pickle graphae itself signed for this user;
- ``pickle.dump`` / ``cPickle.dump``: :func:`graphae.ported.dump`, which signs
  the pickle (a saved model loads again in full).
"""

from __future__ import annotations

from fissix.fixer_util import touch_import
from fissix.pgen2 import token

from graphae.porting._tree import (
    call_trailer,
    dotted_prefix,
    enclosing_function,
    is_name,
    line_of,
    parameter_names,
    replace_prefix,
    syms,
)


def _range_calls(tree):
    for node in tree.pre_order():
        if node.type == syms.power and is_name(node.children[0], "range"):
            trailer = call_trailer(node, 1)
            if trailer is not None and len(trailer.children) == 3:
                inner = trailer.children[1]
                yield from (inner.children if inner.type == syms.arglist else [inner])


def _subscripts(tree):
    """The insides of every ``x[...]``: indices and slice bounds."""
    for node in tree.pre_order():
        if (node.type == syms.trailer and node.children[0].type == token.LSQB
                and len(node.children) == 3):
            yield node.children[1]


def _divisions(node):
    return [child for child in node.children if child.type == token.SLASH]


def _arithmetic_names(node):
    """The names of ``node`` when it is plain integer arithmetic (``(i + 1) * n``), else none.

    Comparisons, calls and attributes are not followed: ``x[sigma > 0]``
    says nothing about ``sigma`` being an integer.
    """
    if is_name(node):
        return [] if node.value in ("None", "True", "False") else [node.value]
    if node.type == token.NUMBER or node.type in (token.PLUS, token.MINUS, token.STAR,
                                                  token.SLASH, token.DOUBLESLASH,
                                                  token.PERCENT, token.COLON):
        return []
    if node.type == syms.atom and node.children[0].type == token.LPAR and len(
            node.children) == 3:
        return _arithmetic_names(node.children[1])
    if node.type in (syms.term, syms.arith_expr, syms.factor, syms.subscript,
                     syms.subscriptlist, syms.sliceop):
        return [name for child in node.children if child.type != token.COMMA
                for name in _arithmetic_names(child)]
    return []


def _is_float(operand):
    """A float literal (``1.0``, ``2e-3``) or a ``float(...)`` call: its division is true division."""
    if operand is None:
        return False
    if operand.type == token.NUMBER:
        text = operand.value.lower()
        return not text.startswith("0x") and any(c in text for c in ".ej")
    if operand.type == syms.factor:  # -1.0
        return _is_float(operand.children[-1])
    return operand.type == syms.power and is_name(operand.children[0], "float")


def _top_level_divisions(expression):
    """The ``/`` of ``expression``'s own arithmetic (not inside calls or brackets, not of floats)."""
    if expression.type == syms.term:
        own = [slash for slash in _divisions(expression)
               if not (_is_float(slash.prev_sibling) or _is_float(slash.next_sibling))]
        return own + [slash for child in expression.children
                      for slash in _top_level_divisions(child)]
    if expression.type == syms.arith_expr:
        return [slash for child in expression.children for slash in _top_level_divisions(child)]
    return []


def _assigned_names(funcdef):
    """Names a function binds (parameters, assignments, loop targets): its local names."""
    names = set(parameter_names(funcdef))
    for node in funcdef.pre_order():
        if node.type == syms.expr_stmt and len(node.children) >= 3 and is_name(node.children[0]):
            names.add(node.children[0].value)
        elif node.type == syms.for_stmt:
            names.update(leaf.value for leaf in node.children[1].leaves() if is_name(leaf))
    return names


class _Scopes:
    """Which function's (or the module's) variable a name read at a node is."""

    def __init__(self):
        self.locals = {}

    def of(self, node, name):
        """An identifier of the scope (parse-tree nodes are not hashable: their id)."""
        function = enclosing_function(node)
        while function is not None:
            if id(function) not in self.locals:
                self.locals[id(function)] = _assigned_names(function)
            if name in self.locals[id(function)]:
                return id(function)
            function = enclosing_function(function)
        return None


def _to_floor(slash, report, detail):
    slash.value = "//" if slash.type == token.SLASH else "//="
    slash.changed()
    report.change("integer division (/ -> //)", line_of(slash), detail)


def _call_arguments(trailer):
    """Positional arguments and ``{keyword: value}`` of a call trailer."""
    if len(trailer.children) != 3:
        return [], {}
    inner = trailer.children[1]
    items = [c for c in (inner.children if inner.type == syms.arglist else [inner])
             if c.type != token.COMMA]
    positional = [c for c in items if c.type != syms.argument]
    keywords = {c.children[0].value: c.children[2] for c in items
                if c.type == syms.argument and len(c.children) == 3}
    return positional, keywords


def _integer_arguments(tree, integer_names, report):
    """``f(a, n / 2)`` where ``f``'s parameter at that place feeds an index: ``n // 2``."""
    integer_parameters = {}
    for node in tree.pre_order():
        if node.type == syms.funcdef:
            integer_parameters[node.children[1].value] = {
                i: (id(node), name) for i, name in enumerate(parameter_names(node))
                if (id(node), name) in integer_names}
    for node in tree.pre_order():
        if node.type != syms.power or not is_name(node.children[0]):
            continue
        positions = integer_parameters.get(node.children[0].value)
        trailer = call_trailer(node, 1)
        if not positions or trailer is None:
            continue
        positional, keywords = _call_arguments(trailer)
        for index, key in positions.items():
            argument = positional[index] if index < len(positional) else keywords.get(key[1])
            for slash in _top_level_divisions(argument) if argument is not None else []:
                _to_floor(slash, report, f"argument {key[1]} of {node.children[0].value}() "
                                         f"feeds {integer_names[key]}")


def integer_division(tree, report):
    """Turn ``/`` into ``//`` where the result must be an integer: ``range``, indices, slices.

    A division directly inside a ``range`` argument is floored, and so is an
    assignment ``n = a / b`` or ``n /= b`` to a variable that a ``range``
    argument, an index or a slice bound of the same scope reads (the 2014
    SdA tutorial's ``n_train_batches /= batch_size``); a division with a
    float operand (``1.0 / n``) never is.
    """
    scopes, integer_names = _Scopes(), {}
    for argument in _range_calls(tree):
        for slash in _top_level_divisions(argument):
            _to_floor(slash, report, "range argument")
        for name in _arithmetic_names(argument):
            integer_names[(scopes.of(argument, name), name)] = "range()"
    for inside in _subscripts(tree):
        for name in _arithmetic_names(inside):
            integer_names.setdefault((scopes.of(inside, name), name), "an index or slice")
    _integer_arguments(tree, integer_names, report)
    for node in tree.pre_order():
        if node.type != syms.expr_stmt or len(node.children) != 3 or not is_name(
                node.children[0]):
            continue
        name, operator, value = node.children
        key = (scopes.of(node, name.value), name.value)
        if key not in integer_names:
            continue
        feeds = f"{name.value} feeds {integer_names[key]}"
        if operator.type == token.EQUAL:
            for slash in _top_level_divisions(value):
                _to_floor(slash, report, feeds)
        elif operator.type == token.SLASHEQUAL and not _is_float(value):
            _to_floor(operator, report, feeds)


def _module_aliases(tree, modules):
    """Local names bound by ``import M`` / ``import M as x`` for M in ``modules``.

    A dotted ``M`` (``six.moves.cPickle``) counts in ``import M as x`` and
    ``from six.moves import cPickle [as x]``.
    """
    found = set()
    for node in tree.pre_order():
        if node.type == syms.import_from:
            found |= _from_import_aliases(node, modules)
        if node.type != syms.import_name:
            continue
        for item in node.children[1:]:
            items = item.children if item.type == syms.dotted_as_names else [item]
            for single in items:
                if is_name(single) and single.value in modules:
                    found.add(single.value)
                elif (single.type == syms.dotted_as_name
                      and str(single.children[0]).strip() in modules):
                    found.add(single.children[-1].value)
    return found


def _from_import_aliases(node, modules):
    package = str(node.children[1]).strip()
    names = [n for n in node.children[3:] if n.type not in (token.LPAR, token.RPAR)]
    if names and names[0].type == syms.import_as_names:
        names = names[0].children[::2]
    found = set()
    for item in names:
        name = item.children[0].value if item.type == syms.import_as_name else item.value
        if f"{package}.{name}" in modules:
            found.add(item.children[-1].value if item.type == syms.import_as_name else name)
    return found


#: the modules a legacy program unpickles with
_PICKLE_MODULES = {"pickle", "cPickle", "six.moves.cPickle", "six.moves.pickle", "_pickle"}


def removed_apis(tree, report, keep_lines=False):
    """``time.clock``, ``.as_matrix()`` and unsafe pickle loading.

    ``keep_lines``: add no import line (``graphae legacy run`` provides
    ``graphae.ported`` itself, so tracebacks keep the script's line numbers).
    """
    times = _module_aliases(tree, {"time"})
    pickles = _module_aliases(tree, _PICKLE_MODULES)
    needs_datasets = False
    for node in list(tree.pre_order()):
        if node.type != syms.power:
            continue
        parts, used = dotted_prefix(node)
        line = line_of(node)
        if len(parts) >= 2 and parts[0] in times and parts[1] == "clock" and used == 1:
            replace_prefix(node, 1, f"{parts[0]}.perf_counter")
            report.change("time.clock -> time.perf_counter", line)
        elif (len(parts) == 2 and parts[0] in pickles and parts[1] in ("load", "loads")
              and call_trailer(node, 2) is not None):
            replace_prefix(node, 1, f"graphae.ported.restricted_{parts[1]}")
            report.change("pickle.load -> restricted unpickler", line,
                          "in full only what graphae.ported.dump signed; else arrays only")
            needs_datasets = True
        elif (len(parts) == 2 and parts[0] in pickles and parts[1] in ("dump", "dumps")
              and call_trailer(node, 2) is not None):
            replace_prefix(node, 1, f"graphae.ported.{parts[1]}")
            report.change("pickle.dump -> signed pickle", line,
                          "graphae.ported.restricted_load reads it back in full")
            needs_datasets = True
        _as_matrix(node, report)
    if needs_datasets and not keep_lines:
        touch_import(None, "graphae.ported", tree)


def _as_matrix(power, report):
    for index, trailer in enumerate(power.children):
        if (trailer.type == syms.trailer and len(trailer.children) == 2
                and is_name(trailer.children[1], "as_matrix")
                and call_trailer(power, index + 1) is not None
                and len(power.children[index + 1].children) == 2):
            trailer.children[1].value = "values"
            trailer.children[1].changed()
            power.children[index + 1].remove()
            report.change(".as_matrix() -> .values", line_of(trailer))
            return
