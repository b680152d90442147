"""README.md's promises about a scan are a real run: the output block under "What a scan shows" is what
the scanner prints today, and the sentences about the full run hold."""

from __future__ import annotations

import json
import re

from tests.conftest import EXAMPLE, REPO

COMMAND = "$ modelorigin scan examples/demo-chatbot --min-severity high\n"


def _readme_block() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return readme.split(COMMAND, 1)[1].split("```", 1)[0]


def _mask(text: str) -> str:
    """The rules version and digest change with every rules edit; the rest must not drift."""
    return re.sub(r"Rules \S+ \(sha256 [0-9a-f]{12}\)", "Rules V (sha256 S)", text)


def test_what_a_scan_shows_is_a_real_run(run, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "140")
    result = run("scan", str(EXAMPLE), "--min-severity", "high")
    assert result.exit_code == 1
    assert _mask(result.stdout) == _mask(_readme_block()), (
        "README.md is stale: paste the output of "
        "`COLUMNS=140 modelorigin scan examples/demo-chatbot --min-severity high` under 'What a scan shows'"
    )


def test_the_full_run_is_as_the_readme_describes(run) -> None:
    report = json.loads(run("scan", str(EXAMPLE), "-f", "json").stdout)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    count = int(re.search(r"the same scan lists all (\d+) findings", readme).group(1))  # type: ignore[union-attr]
    assert len(report["findings"]) == count
    checks = {f["rule_id"] for f in report["findings"]}
    assert {"MO102", "MO104", "MO401", "MO206"} <= checks
    attribution = next(f for f in report["findings"] if f["rule_id"] == "MO206")
    assert "Tongyi Qianwen" in attribution["message"]
