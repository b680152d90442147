"""Discovery: git-aware listing, default excludes, explicit files, symlinks, skipped-with-reason."""

from __future__ import annotations

import os
from pathlib import Path

from scanner.discover import discover
from tests.conftest import git_init


def _rels(found) -> set[str]:
    return {c.rel for c in found.candidates}


def test_plain_directory_walk_skips_default_excludes(project) -> None:
    root = project(
        {
            "app.py": "x",
            "node_modules/pkg/index.js": "x",
            ".git/config": "x",
            "env/pyvenv.cfg": "home = /usr",
            "env/lib/site.py": "x",
            "src/__pycache__/a.pyc": "x",
            "src/b.py": "x",
        }
    )
    assert _rels(discover([root])) == {"app.py", "src/b.py"}


def test_git_work_tree_lists_tracked_and_untracked_not_ignored(project) -> None:
    root = project({"a.py": "x", ".gitignore": "secret/\n*.log\n", "secret/b.py": "x", "run.log": "x"})
    git_init(root)
    (root / "new.py").write_text("x")
    assert _rels(discover([root])) == {"a.py", ".gitignore", "new.py"}


def test_explicit_files_are_taken_as_given(project) -> None:
    root = project({"node_modules/x.py": "x", "a.py": "x"})
    found = discover([root / "node_modules" / "x.py"], root=root)
    assert _rels(found) == {"node_modules/x.py"}


def test_symlink_out_of_tree_is_skipped_with_reason(project, tmp_path: Path) -> None:
    outside = tmp_path / "outside.py"
    outside.write_text("secret")
    root = project({"a.py": "x"})
    os.symlink(outside, root / "link.py")
    found = discover([root])
    assert "link.py" not in _rels(found)
    assert any(s.path == "link.py" and "outside" in s.reason for s in found.skipped)


def test_symlink_inside_tree_is_listed_once(project) -> None:
    root = project({"a.py": "x"})
    os.symlink(root / "a.py", root / "b.py")
    assert len(discover([root]).candidates) == 1
