"""Characters pasted from web pages that break Python's tokenizer."""

from __future__ import annotations

_REPLACEMENTS = {
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',  # typographic quotes
    "\u2013": "-", "\u2014": "-", "\u2212": "-",  # en dash, em dash, minus sign
    "\u00a0": " ",  # no-break space
}
_QUOTES = "'\"\u2018\u2019\u201c\u201d"


def _code_part(line):
    """Index where a comment starts in ``line`` (or its length)."""
    quote = None
    for index, char in enumerate(line):
        if quote:
            if char == quote or (char in "\u2018\u2019\u201c\u201d" and quote in "\u2019\u201d"):
                quote = None
        elif char in _QUOTES:
            quote = {"\u2018": "\u2019", "\u201c": "\u201d"}.get(char, char)
        elif char == "#":
            return index
    return len(line)


def fix_pasted_characters(source, report):
    """Replace typographic quotes, dashes and no-break spaces in code (not comments).

    Examples
    --------
    >>> from graphae.porting._report import PortReport
    >>> report = PortReport("")
    >>> fix_pasted_characters("x = \u2018a\u2019  # \u2013 kept\\n", report)
    "x = 'a'  # \u2013 kept\\n"
    """
    lines = source.splitlines(keepends=True)
    for number, line in enumerate(lines, start=1):
        cut = _code_part(line)
        code = line[:cut]
        fixed = "".join(_REPLACEMENTS.get(char, char) for char in code)
        if fixed != code:
            report.change("typographic quotes and dashes", number)
            lines[number - 1] = fixed + line[cut:]
    return "".join(lines)
