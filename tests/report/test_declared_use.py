"""The audit report and the JSON report under a policy that declares distribution, users and activities: the
checklist keeps the duties that apply, the set-aside ones are listed with their reason, and the policy in force
is stated; with nothing declared the checklist is today's."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from tests.conftest import REPO
from tests.report.test_markdown import _md, _section

APP = (
    "from transformers import AutoModel\n"
    'llm = AutoModel.from_pretrained("meta-llama/Llama-3.1-8B-Instruct")\n'
    'alt = AutoModel.from_pretrained("tencent/Hunyuan-A13B-Instruct")\n'
)
SAAS = "distribution: [saas]\nterritories: [US]\nusers_in: [US, JP]\nactivities: []\n"


def _project(project, policy: str) -> Path:  # type: ignore[no-untyped-def]
    return project({"services/app.py": APP, ".modelorigin.yaml": policy})  # type: ignore[no-any-return]


def test_the_checklist_sets_aside_what_does_not_attach_and_says_why(run, project) -> None:
    md = _md(run, str(_project(project, SAAS)))
    llama = _section(md, "### meta-llama/Llama-3.1-8B-Instruct")
    checklist = llama[llama.index("**Obligations checklist**") : llama.index("Not attached to")]
    aside = llama[llama.index("Not attached to the use the policy declares:") : llama.index("**Verdicts**")]
    assert "- [ ] **Attribution**: Built with Llama" in checklist
    assert "- [ ] **Threshold**: mau ≥ 700,000,000" in checklist  # a condition on the licensee
    assert "Provide a copy of this Agreement" not in checklist and "**Naming**" not in checklist
    assert (
        "- **Attribution**: Provide a copy of this Agreement with any Llama Materials distributed — set aside: "
        "applies to redistributing the weights (on-prem, on-device, weights); the declared distribution is saas"
    ) in aside
    assert "- **Naming**: If you use the Llama Materials" in aside
    assert "set aside: applies to fine-tuning or training; the declared activities are none" in aside
    hunyuan = _section(md, "### tencent/Hunyuan-A13B-Instruct")
    assert "- **Territory**: not licensed in European Union (EU), United Kingdom (GB), South Korea (KR)" in hunyuan
    assert "set aside: judged by where the users are (JP, US) and where it is deployed (US), none of them excluded" in (
        hunyuan
    )
    assert "- [ ] **Attribution**: Provide recipients a copy of the Agreement; mark modified files" in hunyuan
    policy = _section(md, "## What was scanned")
    assert "| Distribution | saas |" in policy and "| Users in | JP, US |" in policy
    assert "| Activities | none (no fine-tuning, no training) |" in policy


def test_users_in_an_excluded_territory_keep_the_exclusion(run, project) -> None:
    md = _md(run, str(_project(project, SAAS.replace("users_in: [US, JP]", "users_in: [US, DE]"))))
    hunyuan = _section(md, "### tencent/Hunyuan-A13B-Instruct")
    assert "- [ ] **Territory**: not licensed in European Union (EU)" in hunyuan and "**HIGH MO207**" in hunyuan


def test_a_distribution_per_path_is_stated(run, project) -> None:
    policy = 'distribution:\n  "services/": [saas]\n  "tools/": [internal]\n'
    md = _md(run, str(_project(project, policy)))
    assert "| Distribution | services/: saas; tools/: internal |" in md
    assert "the declared distribution is saas" in md


def test_nothing_declared_sets_nothing_aside(run, project) -> None:
    md = _md(run, str(project({"services/app.py": APP})))
    assert "Not attached to the use the policy declares" not in md and "set aside:" not in md
    llama = _section(md, "### meta-llama/Llama-3.1-8B-Instruct")
    assert "- [ ] **Attribution**: Provide a copy of this Agreement with any Llama Materials distributed" in llama
    assert "| Distribution | not declared (every duty applies) |" in md
    assert "| Activities | not declared (every duty applies) |" in md


def test_the_json_report_carries_the_declared_use(run, project) -> None:
    schema = json.loads((REPO / "docs" / "report.schema.json").read_text(encoding="utf-8"))
    declared = json.loads(run("scan", str(_project(project, SAAS)), "-f", "json").stdout)
    jsonschema.Draft202012Validator(schema).validate(declared)
    policy = declared["policy"]
    assert (policy["distribution"], policy["users_in"], policy["activities"]) == (["saas"], ["JP", "US"], [])
    by_path = _project(project, 'distribution: {"services/": [saas], "tools/": [internal]}\n')
    report = json.loads(run("scan", str(by_path), "-f", "json").stdout)
    jsonschema.Draft202012Validator(schema).validate(report)
    assert report["policy"]["distribution"] == {"services/": ["saas"], "tools/": ["internal"]}
    assert report["policy"]["activities"] is None and report["policy"]["users_in"] == []
    wrong = {**report, "policy": {**report["policy"], "distribution": ["cloud"]}}
    assert not jsonschema.Draft202012Validator(schema).is_valid(wrong)
