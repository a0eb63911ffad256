"""The one registry of legacy (lecture / tutorial / Theano-era) names.

Each legacy name is declared beside what it aliases, and every declaration
lands in :data:`REGISTRY`, which a test walks and ``docs/legacy-names.md``
prints:

- in a class body, ``forwardT = alias("forward_transposed")``: a method
  alias is bound to the very same function object; an attribute alias
  (``allWs = alias("weights_")``, a dotted path reaches into a sub-object:
  ``alias("output_layer_.W")``) is a property returning the very object
  stored under the modern name, and assigning to it writes the modern one;
- on a method, ``@legacy_keywords(mu="momentum")`` renames legacy keywords
  before the call;
- in a module, ``dA = legacy_function("dA", DenoisingAutoEncoder, __name__)``
  binds the legacy name to the same object (a function or a class).

Entries are keyed by the owner's qualified name (``graphae.layers.Layer``),
never by a bare class name, so two classes of one name cannot collide.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass

__all__ = ["REGISTRY", "LegacyName", "alias", "legacy_function", "legacy_keywords",
           "legacy_module", "markdown_table"]


@dataclass(frozen=True)
class LegacyName:
    """One legacy spelling: ``owner.legacy`` means ``owner.modern``.

    Attributes
    ----------
    owner : str
        Qualified name of the class (or module, for functions; or
        ``Class.method`` for keywords).
    legacy, modern : str
    kind : {"method", "attribute", "keyword", "name", "module"}
        ``name``: a module-level function or class; ``module``: an old
        module path.
    """

    owner: str
    legacy: str
    modern: str
    kind: str


#: Every legacy name graphae accepts, in declaration order.
REGISTRY: list[LegacyName] = []


def _register(entry):
    if entry not in REGISTRY:
        REGISTRY.append(entry)


def _find_in_mro(cls, name):
    for klass in cls.__mro__:
        if name in vars(klass):
            return vars(klass)[name]
    return None


class alias:  # noqa: N801 - used like a decorator-style declaration in class bodies
    """Declare, in a class body, a legacy name for the modern attribute or method ``modern``.

    ``modern`` may be a dotted path; a number in it indexes a list
    (``"hidden_layers_.0"`` is the first hidden layer).

    Examples
    --------
    >>> class Lecture:
    ...     def transform(self, X):
    ...         return X
    ...     map2center = alias("transform")
    >>> Lecture.map2center is Lecture.transform
    True
    """

    def __init__(self, modern):
        self.modern = modern

    def __set_name__(self, owner, name):
        target = _find_in_mro(owner, self.modern)
        method = callable(target) and not isinstance(target, property)
        _register(LegacyName(f"{owner.__module__}.{owner.__qualname__}", name, self.modern,
                             "method" if method else "attribute"))
        setattr(owner, name, target if method else _attribute_alias(self.modern))


def _follow(obj, parts):
    for part in parts:
        obj = obj[int(part)] if part.isdigit() else getattr(obj, part)
    return obj


def _attribute_alias(path):
    *head, last = path.split(".")

    def fget(self):
        return _follow(self, [*head, last])

    def fset(self, value):
        owner = _follow(self, head)
        if last.isdigit():
            owner[int(last)] = value
        else:
            setattr(owner, last, value)

    return property(fget, fset, doc=f"Legacy alias of ``{path}``.")


def legacy_keywords(**renames):
    """Decorate a method so that legacy keywords (``mu=``) are passed as modern ones.

    Raises
    ------
    TypeError
        At call time, when both spellings of one argument are given.

    Examples
    --------
    >>> class Model:
    ...     @legacy_keywords(batch_sz="batch_size")
    ...     def fit(self, batch_size=10):
    ...         return batch_size
    >>> Model().fit(batch_sz=5)
    5
    """

    def decorate(method):
        owner = f"{method.__module__}.{method.__qualname__}"
        for legacy, modern in renames.items():
            _register(LegacyName(owner, legacy, modern, "keyword"))

        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            for legacy, modern in renames.items():
                if legacy in kwargs:
                    if modern in kwargs:
                        raise TypeError(f"{method.__qualname__}() got both {legacy!r} and its "
                                        f"modern name {modern!r}; pass only {modern!r}")
                    kwargs[modern] = kwargs.pop(legacy)
            return method(self, *args, **kwargs)

        wrapper.legacy_keywords = dict(renames)
        return wrapper

    return decorate


def legacy_function(legacy, target, module):
    """Register ``module.legacy`` as a legacy name of ``target``; returns ``target`` itself.

    Examples
    --------
    >>> def get_data():
    ...     return 1
    >>> getData = legacy_function("getData", get_data, __name__)
    >>> getData is get_data
    True
    """
    _register(LegacyName(module, legacy, f"{target.__module__}.{target.__name__}", "name"))
    return target


def legacy_module(legacy, module):
    """Make the module name ``legacy`` import the very module object ``module``.

    Called from the old module file itself, which replaces itself in
    ``sys.modules``, so ``import graphae.callbacks`` gives
    ``graphae.training.callbacks``.

    Examples
    --------
    >>> import sys, types
    >>> modern = types.ModuleType("modern_demo")
    >>> legacy_module("old_demo", modern) is sys.modules["old_demo"]
    True
    """
    _register(LegacyName(legacy.rpartition(".")[0] or legacy, legacy.rpartition(".")[2],
                         module.__name__, "module"))
    sys.modules[legacy] = module
    return module


def markdown_table():
    """The registry as Markdown (``docs/legacy-names.md`` is this text).

    Examples
    --------
    >>> markdown_table().splitlines()[0]
    '| legacy name | modern name | kind | where |'
    """
    lines = ["| legacy name | modern name | kind | where |", "|---|---|---|---|"]
    for entry in sorted(REGISTRY, key=lambda e: (e.owner, e.kind, e.legacy)):
        lines.append(f"| `{entry.legacy}` | `{entry.modern}` | {entry.kind} | `{entry.owner}` |")
    return "\n".join(lines) + "\n"
