"""Small helpers over fissix (lib2to3) parse trees."""

from __future__ import annotations

from fissix import pygram, pytree
from fissix.pgen2 import driver, token

syms = pygram.python_symbols


def is_name(node, value=None):
    """True for a NAME leaf (with the given value, when given)."""
    return node.type == token.NAME and (value is None or node.value == value)


def dotted_prefix(power):
    """Leading ``NAME(.NAME)*`` of a ``power`` node: (parts, n_trailers used)."""
    children = power.children
    if not children or not is_name(children[0]):
        return [], 0
    parts, used = [children[0].value], 0
    for trailer in children[1:]:
        if (trailer.type == syms.trailer and len(trailer.children) == 2
                and trailer.children[0].type == token.DOT):
            parts.append(trailer.children[1].value)
            used += 1
        else:
            break
    return parts, used


def replace_prefix(power, used, dotted):
    """Replace the first name and ``used`` attribute trailers by ``dotted`` text."""
    head = power.children[0]
    for trailer in power.children[1 : 1 + used]:
        trailer.remove()
    head.value = dotted
    head.changed()


def call_trailer(power, index):
    """The ``(...)`` trailer at child ``index`` of ``power``, or None."""
    if index < len(power.children):
        trailer = power.children[index]
        if trailer.type == syms.trailer and trailer.children[0].type == token.LPAR:
            return trailer
    return None


def keyword_arguments(trailer):
    """``argument`` nodes of the form ``name=value`` in a call trailer."""
    if len(trailer.children) != 3:
        return []
    inner = trailer.children[1]
    items = inner.children if inner.type == syms.arglist else [inner]
    return [item for item in items if item.type == syms.argument
            and len(item.children) == 3 and item.children[1].type == token.EQUAL]


def insert_first_argument(trailer, text):
    """Insert ``text`` as the first positional argument of a call trailer."""
    if len(trailer.children) == 2:  # "()"
        trailer.insert_child(1, pytree.Leaf(token.NAME, text))
        return
    inner = trailer.children[1]
    first = pytree.Leaf(token.NAME, text)
    if inner.type == syms.arglist:
        inner.insert_child(0, pytree.Leaf(token.COMMA, ","))
        inner.insert_child(0, first)
        if not inner.children[2].prefix:
            inner.children[2].prefix = " "
    else:
        inner.remove()
        arglist = pytree.Node(syms.arglist, [first, pytree.Leaf(token.COMMA, ","), inner])
        inner.prefix = " "
        trailer.insert_child(1, arglist)


def statement_of(node):
    """The ``simple_stmt`` containing ``node``."""
    while node is not None and node.type != syms.simple_stmt:
        node = node.parent
    return node


def remove_statement(statement):
    """Remove a statement, keeping its leading comments on the next one."""
    following = statement.next_sibling
    if following is not None:
        following.prefix = statement.prefix + following.prefix
    statement.remove()


def enclosing_function(node):
    """The ``funcdef`` around ``node``, or None."""
    node = node.parent
    while node is not None and node.type != syms.funcdef:
        node = node.parent
    return node


def parameters_defaulting_to_none(funcdef):
    """Names of a function's parameters whose default is ``None``."""
    names = set()
    parameters = funcdef.children[2]
    items = parameters.children[1:-1]
    if items and items[0].type == syms.typedargslist:
        items = items[0].children
    for i, item in enumerate(items):
        if (is_name(item) and i + 2 < len(items) and items[i + 1].type == token.EQUAL
                and is_name(items[i + 2], "None")):
            names.add(item.value)
    return names


def parameter_names(funcdef):
    """A function's parameter names, in order (``*args`` and ``**kwargs`` excluded)."""
    items = funcdef.children[2].children[1:-1]
    if items and items[0].type == syms.typedargslist:
        items = items[0].children
    elif items and is_name(items[0]):
        return [items[0].value]
    names, starred = [], False
    for i, item in enumerate(items):
        if item.type in (token.STAR, token.DOUBLESTAR):
            starred = True
        elif is_name(item) and not starred and (i == 0 or items[i - 1].type == token.COMMA):
            names.append(item.value)
        elif item.type == token.COMMA:
            starred = False
    return names


def line_of(node):
    """The first non-zero source line of ``node`` (new leaves have line 0)."""
    for leaf in node.leaves():
        if leaf.lineno:
            return leaf.lineno
    return line_of(node.parent) if node.parent is not None else 0


_DRIVER = driver.Driver(pygram.python_grammar_no_print_statement, convert=pytree.convert)


def parse_small_statement(text):
    """Parse one simple statement (e.g. an import) into its tree node."""
    module = _DRIVER.parse_string(text.strip() + "\n")
    statement = module.children[0]
    return statement.children[0] if statement.type == syms.simple_stmt else statement
