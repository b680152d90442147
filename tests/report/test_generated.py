"""A report written into the scanned tree is not scanned again (it names every model it found)."""

from __future__ import annotations

import pytest

from tests.conftest import report_json

SOURCE = {"app.py": 'AutoModel.from_pretrained("THUDM/chatglm3-6b", trust_remote_code=True)\n'}


@pytest.mark.parametrize(
    "fmt,name", [("json", "r.json"), ("sarif", "r.sarif"), ("cyclonedx", "bom.json"), ("html", "a.html")]
)
def test_own_reports_are_listed_as_not_read_and_add_nothing(run, project, fmt: str, name: str) -> None:
    root = project(SOURCE)
    before = report_json(run("scan", str(root), "-f", "json"))
    assert run("scan", str(root), "-f", fmt, "-o", str(root / name)).exit_code == 1
    after = report_json(run("scan", str(root), "-f", "json"))
    assert [r["path"] for r in after["references"]] == [r["path"] for r in before["references"]] == ["app.py"]
    assert len(after["findings"]) == len(before["findings"])
    assert {"path": name, "reason": "a report written by modelorigin (not source)"} in after["coverage"][
        "files_skipped"
    ]


def test_baseline_and_markdown_report_are_skipped_too(run, project) -> None:
    root = project(SOURCE)
    run("baseline", str(root), "-o", str(root / "baseline.json"))
    run("scan", str(root), "-f", "markdown", "-o", str(root / "audit.txt"))
    skipped = {s["path"] for s in report_json(run("scan", str(root), "-f", "json"))["coverage"]["files_skipped"]}
    assert {"baseline.json", "audit.txt"} <= skipped


def test_a_project_config_naming_the_tool_is_still_scanned(run, project) -> None:
    root = project({"package.json": '{"name": "modelorigin", "config": {"model": "THUDM/chatglm3-6b"}}\n'})
    report = report_json(run("scan", str(root), "-f", "json"))
    assert [r["path"] for r in report["references"]] == ["package.json"]


@pytest.mark.parametrize("name", ["inventory.json", "inventory.html", "inventory.txt"])
def test_an_organisation_inventory_in_the_tree_is_not_scanned(run, project, name: str) -> None:
    root = project(SOURCE)
    run("scan", str(root), "-f", "json", "-o", str(root.parent / "app.json"))
    fmt = {"inventory.json": "json", "inventory.html": "html", "inventory.txt": "markdown"}[name]
    assert run("merge", str(root.parent / "app.json"), "--format", fmt, "-o", str(root / name)).exit_code == 0
    report = report_json(run("scan", str(root), "-f", "json"))
    assert [r["path"] for r in report["references"]] == ["app.py"]
    assert {"path": name, "reason": "a report written by modelorigin (not source)"} in report["coverage"][
        "files_skipped"
    ]
