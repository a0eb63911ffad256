"""The import direction and the backend rule of docs/architecture.md, checked by tools."""

import io
import re
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "graphae"
#: Spellings that only graphae/backend/ may use in code (strings and comments are free).
BACKEND_ONLY = ("pytensor.function", "pytensor.config", "pytensor.scan", "pytensor.shared",
                "tensor.random", "RandomGeneratorType", "shared_rng", "np.random.mtrand")


def test_import_contracts_hold():
    pytest.importorskip("importlinter", reason="the test extra installs import-linter")
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache", "--config", str(ROOT / "setup.cfg")],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def _code_without_strings(path):
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text()).readline)
    lines = {}
    for token in tokens:
        if token.type not in (tokenize.STRING, tokenize.COMMENT):
            lines.setdefault(token.start[0], []).append(token.string)
    return {number: "".join(parts) for number, parts in lines.items()}


def test_version_sensitive_calls_live_in_backend():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "backend" in path.relative_to(PACKAGE).parts:
            continue
        for number, code in _code_without_strings(path).items():
            offenders += [f"{path.relative_to(ROOT)}:{number}: {spelling}"
                          for spelling in BACKEND_ONLY if spelling in code]
    assert not offenders, "\n".join(offenders)


def test_the_checker_sees_an_offence(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('import pytensor\n"pytensor.function in a string"\npytensor.function([], [])\n')
    code = _code_without_strings(sample)
    assert [n for n, line in code.items() if "pytensor.function" in line] == [3]


@pytest.mark.parametrize("name", ["run_training", "minibatch", "binary_crossentropy",
                                  "negative_log_likelihood", "sgd", "as_generator"])
def test_each_idea_is_defined_once_in_the_core(name):
    wing = ("ported", "compat", "porting")
    core = [p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts[0] not in wing]
    pattern = re.compile(rf"^def {name}\(", re.MULTILINE)
    found = [str(p.relative_to(ROOT)) for p in core if pattern.search(p.read_text())]
    assert len(found) == 1, found
