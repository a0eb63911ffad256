"""Python 2 idioms the standard fixers leave alone.

- ``n_batches = N / batch_sz`` feeding ``range`` (and ``range(N / b)``): ``//``;
- ``time.clock()`` (removed in Python 3.8): ``time.perf_counter()``;
- pandas ``.as_matrix()`` (removed): ``.values``;
- ``pickle.load(f)`` / ``cPickle.load(f)`` on legacy files: graphae's
  restricted unpickler, which reads Python-2 pickles (latin1) and refuses
  anything but NumPy arrays and tuples.
"""

from __future__ import annotations

from fissix.fixer_util import touch_import
from fissix.pgen2 import token

from graphae.porting._tree import (
    call_trailer,
    dotted_prefix,
    is_name,
    line_of,
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


def _divisions(node):
    return [child for child in node.children if child.type == token.SLASH]


def integer_division(tree, report):
    """Turn ``/`` into ``//`` where the result must be an integer for ``range``."""
    range_names = set()
    for argument in _range_calls(tree):
        if is_name(argument):
            range_names.add(argument.value)
        elif argument.type == syms.term:
            for slash in _divisions(argument):
                slash.value = "//"
                slash.changed()
                report.change("integer division (/ -> //)", line_of(slash),
                              "range argument")
    for node in tree.pre_order():
        if (node.type == syms.expr_stmt and len(node.children) == 3
                and node.children[1].type == token.EQUAL and is_name(node.children[0])
                and node.children[0].value in range_names and node.children[2].type == syms.term):
            for slash in _divisions(node.children[2]):
                slash.value = "//"
                slash.changed()
                report.change("integer division (/ -> //)", line_of(slash),
                              f"{node.children[0].value} feeds range()")


def _module_aliases(tree, modules):
    """Local names bound by ``import M`` / ``import M as x`` for M in ``modules``."""
    found = set()
    for node in tree.pre_order():
        if node.type != syms.import_name:
            continue
        for item in node.children[1:]:
            items = item.children if item.type == syms.dotted_as_names else [item]
            for single in items:
                if is_name(single) and single.value in modules:
                    found.add(single.value)
                elif (single.type == syms.dotted_as_name and is_name(single.children[0])
                      and single.children[0].value in modules):
                    found.add(single.children[-1].value)
    return found


def removed_apis(tree, report):
    """``time.clock``, ``.as_matrix()`` and unsafe pickle loading."""
    times = _module_aliases(tree, {"time"})
    pickles = _module_aliases(tree, {"pickle", "cPickle"})
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
            replace_prefix(node, 1, f"graphae.datasets.restricted_{parts[1]}")
            report.change("pickle.load -> restricted unpickler", line,
                          "legacy pickles read safely (latin1, arrays and tuples only)")
            needs_datasets = True
        _as_matrix(node, report)
    if needs_datasets:
        touch_import(None, "graphae.datasets", tree)


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
