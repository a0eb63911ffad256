"""What a conversion changed, and what it could not port."""

from __future__ import annotations

import dataclasses
from collections import defaultdict


@dataclasses.dataclass(frozen=True)
class Change:
    """One edit: its category, the 1-based source line, and a detail.

    Examples
    --------
    >>> Change("xrange", 12).line
    12
    """

    category: str
    line: int
    detail: str = ""


@dataclasses.dataclass
class PortReport:
    """Changes made and problems left, with the converted source.

    Examples
    --------
    >>> report = PortReport("x = 1\\n")
    >>> report.change("print statement", 3)
    >>> report.format().splitlines()[1]
    '  print statement: line 3'
    """

    source: str
    changes: list = dataclasses.field(default_factory=list)
    unported: list = dataclasses.field(default_factory=list)
    #: "python2" (converted to Python 3) or "python3" (read as Python 3 already)
    dialect: str = "python2"

    def change(self, category, line, detail=""):
        """Record an edit."""
        self.changes.append(Change(category, int(line), detail))

    def cannot_port(self, line, detail):
        """Record something left as it was, with the reason."""
        self.unported.append(Change("not ported", int(line), detail))

    def categories(self):
        """``{category: sorted lines}`` of the changes."""
        grouped = defaultdict(set)
        for change in self.changes:
            grouped[change.category].add(change.line)
        return {k: sorted(v) for k, v in sorted(grouped.items())}

    def format(self):
        """The report as text: changes by category, then what was not ported."""
        lines = ["changed:" if self.changes else "changed: nothing"]
        for category, numbers in self.categories().items():
            label = "line" if len(numbers) == 1 else "lines"
            lines.append(f"  {category}: {label} {', '.join(map(str, numbers))}")
        lines.append("could not port:" if self.unported else "could not port: nothing")
        for item in sorted(self.unported, key=lambda c: c.line):
            lines.append(f"  line {item.line}: {item.detail}")
        if self.dialect == "python3":
            lines.append("read as Python 3 (it uses Python 3 syntax): no 2 -> 3 conversion")
        return "\n".join(lines)
