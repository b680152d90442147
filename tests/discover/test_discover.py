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


def test_excluded_dependency_folders_are_listed_not_silent(project) -> None:
    root = project(
        {
            "app.py": "x",
            "node_modules/pkg/index.js": "x",
            "env/pyvenv.cfg": "home = /usr",
            "env/lib/a.py": "x",
            ".ipynb_checkpoints/nb-checkpoint.ipynb": "{}",
            "src/__pycache__/a.pyc": "x",
            ".git/config": "x",
        }
    )
    found = discover([root])
    listed = {s.path: s.reason for s in found.skipped}
    assert {"node_modules/", "env/", ".ipynb_checkpoints/"} <= set(listed)
    assert all("default exclude" in listed[p] for p in ("node_modules/", "env/", ".ipynb_checkpoints/"))
    assert not any(p.startswith((".git", "src/__pycache__")) for p in listed)  # caches and VCS: not project code


def test_excluded_folders_in_a_git_tree_are_counted(project) -> None:
    root = project({"a.py": "x", "node_modules/x/a.js": "x", "node_modules/y/b.js": "x"})
    git_init(root)
    found = discover([root])
    assert [(s.path, s.reason.split(";")[0]) for s in found.skipped] == [
        ("node_modules/", "excluded folder (2 file(s)")
    ]


def test_a_folder_no_repository_holds_is_walked_without_running_git(project, monkeypatch) -> None:
    import subprocess

    root = project({"a.py": "x", "sub/b.py": "x"})
    assert not any((folder / ".git").exists() for folder in (root, *root.parents))

    def no_git(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"git was run: {args}")

    monkeypatch.setattr(subprocess, "run", no_git)
    monkeypatch.delenv("GIT_DIR", raising=False)
    monkeypatch.delenv("GIT_WORK_TREE", raising=False)
    assert _rels(discover([root])) == {"a.py", "sub/b.py"}


def test_a_folder_git_ignores_is_walked_when_named(project) -> None:
    """Scanning the repository leaves the ignored folder out; naming it scans it, not `nothing could be scanned`."""
    root = project({"a.py": "x", ".gitignore": "vendor/\n", "vendor/models/load.py": "x", "vendor/readme.txt": "x"})
    git_init(root)
    assert _rels(discover([root])) == {"a.py", ".gitignore"}
    assert _rels(discover([root / "vendor"])) == {"models/load.py", "readme.txt"}
