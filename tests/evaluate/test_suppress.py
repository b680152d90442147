"""Inline suppressions: reason required, same line or the comment line above, never a policy finding."""

from __future__ import annotations

from scanner.evaluate.suppress import parse_suppressions
from tests.conftest import report_json

REMOTE = 'AutoModel.from_pretrained("THUDM/chatglm3-6b", trust_remote_code=True)'


def _mo401(report: dict) -> list[dict]:  # type: ignore[type-arg]
    return [f for f in report["findings"] if f["rule_id"] == "MO401"]


def test_parse_reads_ids_reason_and_comment_styles() -> None:
    text = (
        "x = 1  # modelorigin: ignore[MO401] reviewed, SEC-12\r\n"
        "\t// MODELORIGIN:ignore[ mo402 , trust-remote-code ]  pinned upstream ✓ */\n"
        "y = 2  #modelorigin: ignore[MO401]\n"
        "z = 3  # modelorigin: ignore[MO401] -\n"
        "<!-- modelorigin: ignore[MO110] vendor approved -->\n"
        'print("no suppression here: modelorigin ignore MO401")\n'
    )
    found = parse_suppressions(text, "a.py")
    assert [(s.line, s.checks, s.reason, s.standalone) for s in found] == [
        (1, ("MO401",), "reviewed, SEC-12", False),
        (2, ("mo402", "trust-remote-code"), "pinned upstream ✓", True),
        (3, ("MO401",), "", False),
        (4, ("MO401",), "", False),  # a lone dash is no reason
        (5, ("MO110",), "vendor approved", True),
    ]


def test_same_line_suppression_with_reason_silences_and_says_why(run, project) -> None:
    root = project({"app.py": f"m = {REMOTE}  # modelorigin: ignore[MO401] remote code reviewed in SEC-12\n"})
    report = report_json(run("scan", str(root), "-f", "json"))
    [finding] = _mo401(report)
    assert finding["waived_by"] == "inline suppression at app.py:1: remote code reviewed in SEC-12"
    assert finding["gating"] is False
    assert not any(f["rule_id"] == "MO503" for f in report["findings"])


def test_without_the_comment_the_same_finding_is_live(run, project) -> None:
    root = project({"app.py": f"m = {REMOTE}  # reviewed in SEC-12\n"})
    [finding] = _mo401(report_json(run("scan", str(root), "-f", "json")))
    assert finding["waived_by"] is None


def test_comment_line_above_covers_the_next_line_only(run, project) -> None:
    root = project(
        {
            "app.py": (
                "def load():\r\n"
                "\t# modelorigin: ignore[trust-remote-code] reviewed at the pinned revision\r\n"
                f"\ta = {REMOTE}\r\n"
                f"\tb = {REMOTE}\r\n"
            )
        }
    )
    report = report_json(run("scan", str(root), "-f", "json"))
    by_line = {f["line"]: f for f in _mo401(report)}
    assert by_line[3]["waived_by"] and "app.py:2" in by_line[3]["waived_by"]
    assert by_line[4]["waived_by"] is None


def test_trailing_comment_on_the_line_above_does_not_cover_the_next_line(run, project) -> None:
    root = project(
        {"app.py": f"a = {REMOTE}  # modelorigin: ignore[MO401] reviewed\nb = {REMOTE}\n"},
    )
    by_line = {f["line"]: f for f in _mo401(report_json(run("scan", str(root), "-f", "json")))}
    assert by_line[1]["waived_by"] is not None
    assert by_line[2]["waived_by"] is None


def test_suppression_without_reason_does_not_suppress_and_is_reported(run, project) -> None:
    root = project({"app.py": f"m = {REMOTE}  # modelorigin: ignore[MO401]\n"})
    report = report_json(run("scan", str(root), "-f", "json"))
    [finding] = _mo401(report)
    assert finding["waived_by"] is None
    [missing] = [f for f in report["findings"] if f["rule_id"] == "MO503"]
    assert (missing["path"], missing["line"], missing["severity"]) == ("app.py", 1, "low")
    assert "must say why" in missing["message"]


def test_suppression_for_another_check_leaves_the_finding(run, project) -> None:
    root = project({"app.py": f"m = {REMOTE}  # modelorigin: ignore[MO402] pinned elsewhere\n"})
    report = report_json(run("scan", str(root), "-f", "json"))
    assert _mo401(report)[0]["waived_by"] is None
    assert next(f["waived_by"] for f in report["findings"] if f["rule_id"] == "MO402").endswith("pinned elsewhere")


def test_a_policy_deny_cannot_be_suppressed(run, project) -> None:
    root = project(
        {
            ".modelorigin.yaml": "deny:\n  labs: [zhipu]\n",
            "app.py": f"m = {REMOTE}  # modelorigin: ignore[MO501, MO401] we really want it\n",
        }
    )
    result = run("scan", str(root), "-f", "json")
    assert result.exit_code == 1
    report = report_json(result)
    [deny] = [f for f in report["findings"] if f["rule_id"] == "MO501"]
    assert deny["waived_by"] is None and deny["gating"] is True
    assert _mo401(report)[0]["waived_by"] is not None  # the other id in the same comment still works
    assert any("cannot silence MO501" in w for w in report["warnings"])


def test_model_finding_stays_while_another_occurrence_is_unsuppressed(run, project) -> None:
    root = project(
        {
            "a.py": 'A = "THUDM/chatglm3-6b"  # modelorigin: ignore[MO101] export counsel approved EXP-7\n',
            "b.yaml": "model_name_or_path: THUDM/chatglm3-6b\n",
        }
    )
    report = report_json(run("scan", str(root), "-f", "json"))
    [listed] = [f for f in report["findings"] if f["rule_id"] == "MO101"]
    assert listed["waived_by"] is None
    assert [loc["path"] for loc in listed["locations"]] == ["b.yaml"]
    # ... and goes once both occurrences carry a reasoned suppression
    (root / "b.yaml").write_text(
        "# modelorigin: ignore[MO101] export counsel approved EXP-7\nmodel_name_or_path: THUDM/chatglm3-6b\n"
    )
    report = report_json(run("scan", str(root), "-f", "json"))
    [listed] = [f for f in report["findings"] if f["rule_id"] == "MO101"]
    assert listed["waived_by"] is not None


def test_unknown_check_in_a_suppression_is_a_warning(run, project) -> None:
    root = project({"app.py": f"m = {REMOTE}  # modelorigin: ignore[MO4O1] typo in the id\n"})
    report = report_json(run("scan", str(root), "-f", "json"))
    assert _mo401(report)[0]["waived_by"] is None
    assert any("unknown check(s) MO4O1" in w for w in report["warnings"])
