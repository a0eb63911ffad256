"""Every code block of README.md runs here.

Python blocks are doctests (``>>>`` examples with their outputs), run in a
temporary folder. Shell blocks are checked against the programs they name:
the ``make`` targets exist (``make -n``), and every option the command-line
synopsis shows is one the command's ``--help`` documents.
"""

import doctest
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graphae.cli import build_parser

README = Path(__file__).resolve().parents[1] / "README.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _blocks(language):
    return [body for lang, body in FENCE.findall(README.read_text()) if lang == language]


def test_every_block_is_checked_here():
    languages = {lang for lang, _ in FENCE.findall(README.read_text())}
    assert languages <= {"python", "sh", "text"}, f"unchecked README block types {languages}"
    assert all(">>>" in block for block in _blocks("python")), "python blocks must be doctests"


@pytest.mark.parametrize("index", range(len(_blocks("python"))))
def test_python_block_runs(index, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    block = _blocks("python")[index]
    test = doctest.DocTestParser().get_doctest(block, {}, f"README python block {index + 1}",
                                               str(README), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.failures == 0, f"README python block {index + 1} failed (see output above)"
    assert runner.tries == len(test.examples) > 0


def test_make_targets_exist():
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    block = next(b for b in _blocks("sh") if "make demo" in b)
    targets = [line.split()[1] for line in block.splitlines() if line.startswith("make ")]
    assert targets == ["demo", "test"]
    result = subprocess.run([make, "-n", *targets], cwd=README.parent, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    assert "graphae demo xwing" in result.stdout and "pytest" in result.stdout


def _synopsis_lines():
    block = next(b for b in _blocks("text") if b.startswith("graphae info"))
    commands, current = [], None
    for line in block.splitlines():
        if line.startswith(("graphae ", "python -m graphae")):
            current = [line]
            commands.append(current)
        elif line.startswith(" ") and current is not None:
            current.append(line)
    return [" ".join(parts) for parts in commands]


def _help_text(words, capsys):
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args([*words, "--help"])
    assert exit_info.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("line", _synopsis_lines())
def test_cli_synopsis_matches_help(line, capsys):
    if line.startswith("python -m graphae"):
        result = subprocess.run([sys.executable, "-m", "graphae", "--help"],
                                capture_output=True, text=True, check=True)
        assert result.stdout.startswith("usage: graphae")
        return
    words = line.split()[1:]
    command = [w for w in words[:2] if re.fullmatch(r"[a-z]+", w)]
    if command[:1] != ["legacy"]:
        command = command[:1]
    text = _help_text(command, capsys)
    for option in re.findall(r"(--[a-z][a-z0-9-]*|-o)\b", line):
        assert option in text, f"{option} of the README synopsis {line!r} is not in --help"
    choices = re.search(r"demo (\S+)", line)
    if choices:
        for name in choices.group(1).split("|"):
            assert name in text


def test_quick_start_stays_short():
    quick_start = README.read_text().split("## Quick start", 1)[1]
    block = FENCE.search(quick_start).group(2)
    assert sum(line.startswith(">>> ") for line in block.splitlines()) <= 10
