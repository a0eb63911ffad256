import os
import stat

import pytest

from graphae._io import atomic_path, atomic_write_text


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_new_file_gets_the_mode_open_would_give(tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    atomic_write_text(tmp_path / "atomic.txt", "y")
    assert _mode(tmp_path / "atomic.txt") == _mode(plain)


def test_replaced_file_keeps_its_mode(tmp_path):
    target = tmp_path / "kept.txt"
    target.write_text("old")
    os.chmod(target, 0o640)
    atomic_write_text(target, "new")
    assert target.read_text() == "new" and _mode(target) == 0o640


def test_failure_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "model.npz"
    target.write_text("complete")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as temporary:
            open(temporary, "w").write("partial")
            raise RuntimeError("crash mid-write")
    assert target.read_text() == "complete"
    assert [p.name for p in tmp_path.iterdir()] == ["model.npz"]
