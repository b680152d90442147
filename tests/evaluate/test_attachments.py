"""What a license duty attaches to (scanner.evaluate.attachments), on the bundled terms: each declared mode,
activity and place sets aside the duties that do not attach to it, and only those; what the policy leaves
undeclared sets nothing aside; every obligation of the bundled licenses states its attachment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scanner.evaluate.attachments import Use, applicable, set_aside, sort_terms, territory_conflict, use_for
from scanner.knowledge import Knowledge
from scanner.resolve.obligations import terms

UNDECLARED = Use(None, None, None, None)
# bind every use and take no attachment (docs/rules.md)
UNATTACHED = frozenset({"commercial_use", "acceptable_use_policy", "governing_law"})


def use(
    modes: list[str] | None = None,
    activities: list[str] | None = None,
    users: list[str] | None = None,
    deployment: list[str] | None = None,
) -> Use:
    def given(values: list[str] | None) -> frozenset[str] | None:
        return None if values is None else frozenset(values)

    return Use(given(modes), given(activities), given(users), given(deployment))


def texts(entry: dict[str, Any], declared: Use) -> tuple[list[str], list[str]]:
    applies, aside = sort_terms(entry, declared)
    return [i["text"] for i in applies], [i["text"] for i in aside]


def test_every_bundled_obligation_states_what_it_attaches_to(kb: Knowledge) -> None:
    missing = [
        f"{entry['id']}: {term.field}" + (f"[{term.item}]" if term.item is not None else "")
        for entry in kb.licenses.values()
        for term in terms(entry)
        if term.field not in UNATTACHED and not _attached(entry, term.field, term.item)
    ]
    assert missing == []


def _attached(entry: dict[str, Any], field: str, index: int | None) -> bool:
    given = (entry.get("attaches") or {}).get(field)
    if isinstance(given, list):
        return index is not None and index < len(given)
    return isinstance(given, dict)


def test_nothing_declared_sets_nothing_aside(kb: Knowledge) -> None:
    for entry in kb.licenses.values():
        applies, aside = sort_terms(entry, UNDECLARED)
        assert aside == [] and len(applies) == len(terms(entry)), entry["id"]
        assert applicable(entry, UNDECLARED) == entry


def test_declaring_every_mode_and_activity_sets_nothing_aside(kb: Knowledge) -> None:
    everything = use(["internal", "saas", "on-prem", "on-device", "weights"], ["fine-tuning", "training"])
    for entry in kb.licenses.values():
        assert sort_terms(entry, everything)[1] == [], entry["id"]


def test_llama_duties_by_distribution_mode(kb: Knowledge) -> None:
    llama = kb.licenses["llama3.1"]
    notice = next(t for t in llama["attribution"] if t.startswith("Llama 3.1 is licensed under"))
    copy = "Provide a copy of this Agreement with any Llama Materials distributed"
    # internal use: no attribution, no naming; the MAU threshold counts the licensee's users whatever it does
    applies, aside = texts(llama, use(["internal"]))
    assert "Built with Llama" in aside and notice in aside and copy in aside
    assert any(t.startswith("mau ≥ 700,000,000") for t in applies)
    # a SaaS product shows "Built with Llama" but ships no copy of the license and no Notice file
    applies, aside = texts(llama, use(["saas"]))
    assert "Built with Llama" in applies and notice in aside and copy in aside
    # redistributed weights carry all three
    applies, aside = texts(llama, use(["weights"]))
    assert {"Built with Llama", notice, copy} <= set(applies)
    reason = next(i["reason"] for i in sort_terms(llama, use(["saas"]))[1] if i["text"] == copy)
    assert reason == (
        "applies to redistributing the weights (on-prem, on-device, weights); the declared distribution is saas"
    )


def test_product_thresholds_attach_to_products_and_licensee_thresholds_to_any_use(kb: Knowledge) -> None:
    kimi = kb.licenses["kimi-modified-mit"]  # a display duty of commercial products above 100M MAU
    assert applicable(kimi, use(["internal"]))["thresholds"] == []
    assert len(applicable(kimi, use(["saas"]))["thresholds"]) == 2
    assert len(applicable(kimi, use(["on-device"]))["thresholds"]) == 2
    for licensee_level in ("llama3.1", "tencent-hunyuan-a13b-2025", "baichuan2-community"):
        assert applicable(kb.licenses[licensee_level], use(["internal"]))["thresholds"], licensee_level
    minicpm = kb.licenses["minicpm-model-license-v1"]  # devices on the edge; DAU of applications provided
    assert [t["metric"] for t in applicable(minicpm, use(["on-device"]))["thresholds"]] == ["devices", "dau"]
    assert [t["metric"] for t in applicable(minicpm, use(["saas"]))["thresholds"]] == ["dau"]


def test_activities_set_aside_training_and_naming_duties(kb: Knowledge) -> None:
    tongyi = kb.licenses["tongyi-qianwen-2023"]
    kept = applicable(tongyi, use(activities=[]))
    assert "output_restrictions" not in kept and "restricts_training_other_models" not in kept
    assert applicable(tongyi, use(activities=["training"]))["restricts_training_other_models"] is True
    assert applicable(tongyi, use(activities=["fine-tuning"])).get("output_restrictions") is None
    # marking modified files is due only for weights one changed, and only when they are redistributed
    marked = "Cause any modified files to carry prominent notices stating that You changed the files (§3b)"
    assert marked in texts(tongyi, use(["weights"], ["fine-tuning"]))[0]
    assert marked in texts(tongyi, use(["weights"], ["training"]))[1]
    assert marked in texts(tongyi, use(["saas"], ["fine-tuning"]))[1]
    llama = kb.licenses["llama3.1"]
    assert "naming" not in applicable(llama, use(["saas"], []))
    assert "naming" in applicable(llama, use(["saas"], ["fine-tuning"]))
    assert "naming" not in applicable(llama, use(["internal"], ["fine-tuning"]))  # not distributed or made available
    reason = set_aside(llama, "naming", None, use(["saas"], []))
    assert reason is not None and reason.startswith(
        "applies to fine-tuning or training; the declared activities are none"
    )


def test_territory_follows_the_places_it_is_judged_by(kb: Knowledge) -> None:
    hunyuan = kb.licenses["tencent-hunyuan-a13b-2025"]  # excluded where users are, and where it is deployed
    assert territory_conflict(hunyuan, use(users=["DE"], deployment=["US"])) == ["EU"]
    assert territory_conflict(hunyuan, use(users=["US", "JP"], deployment=["US"])) == []
    assert territory_conflict(hunyuan, use(users=["US"], deployment=["GB"])) == ["GB"]
    reason = set_aside(hunyuan, "territory_excluded", None, use(users=["US", "JP"], deployment=["US"]))
    assert reason == "judged by where the users are (JP, US) and where it is deployed (US), none of them excluded"
    # an undeclared place may be anywhere: the exclusion stays
    assert set_aside(hunyuan, "territory_excluded", None, use(users=["US"])) is None
    llama4 = kb.licenses["llama4"]  # the licensee's domicile: end users in the EU are exempt
    assert territory_conflict(llama4, use(users=["DE", "US"], deployment=["US"])) == []
    assert territory_conflict(llama4, use(users=["US"], deployment=["FR"])) == ["EU"]
    aside = set_aside(llama4, "territory_excluded", None, use(users=["DE"], deployment=["US"]))
    assert aside is not None and "end users of a product are exempt" in aside


def test_the_territories_stand_for_the_users_until_users_in_is_declared() -> None:
    base = {"territories": ["US"], "territories_declared": True, "users_in": [], "users_in_declared": False}
    assert use_for(base, []).users == frozenset({"US"})
    declared = {**base, "users_in": ["DE"], "users_in_declared": True}
    assert use_for(declared, []).users == frozenset({"DE"}) and use_for(declared, []).deployment == frozenset({"US"})
    assert use_for({"territories": [], "users_in": []}, []) == UNDECLARED


def test_distribution_per_path_glob() -> None:
    policy = {"distribution": None, "distribution_paths": {"services/": ["saas"], "apps/**/mobile": ["on-device"]}}
    assert use_for(policy, ["services/api/app.py"]).modes == frozenset({"saas"})
    assert use_for(policy, ["services/a.py", "apps/x/mobile/m.py"]).modes == frozenset({"saas", "on-device"})
    # a use no glob covers: the model's distribution is not declared, so nothing is set aside
    assert use_for(policy, ["services/a.py", "scripts/eval.py"]).modes is None
    assert use_for(
        {**policy, "distribution_paths": {**policy["distribution_paths"], "**": ["internal"]}}, ["scripts/eval.py"]
    ).modes == frozenset({"internal"})
    assert use_for({"distribution": ["weights"]}, ["anything.py"]).modes == frozenset({"weights"})


def test_an_obligation_without_attachment_binds_every_use() -> None:
    custom = {"id": "acme", "name": "Acme", "class": "proprietary", "attribution": ["Acme inside"], "naming": "acme-*"}
    assert texts(custom, use(["internal"], []))[1] == []


def _rules(tmp_path: Path, attaches: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(
        "licenses:\n"
        "  - id: acme-1.0\n"
        "    name: Acme\n"
        "    class: proprietary\n"
        "    commercial_use: conditional\n"
        '    attribution: ["Contains Acme models", "A copy of this license with the weights"]\n'
        f"{attaches}"
        '    source: "https://legal.acme.example"\n'
        '    as_of: "2026-12-01"\n'
        '    checked: "2026-12-01"\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("attaches", "line", "message"),
    [
        (
            "    attaches:\n      attribution:\n        - {modes: [saas]}\n",
            8,
            "licenses[0].attaches.attribution has 1 attachment(s) for 2 attribution item(s)",
        ),
        ("    attaches:\n      attribution: {modes: [cloud]}\n", 8, "'cloud' is not one of"),
        ("    attaches:\n      attribution: {modes: all}\n", 8, "modes: 'any' was expected"),
        ("    attaches:\n      territory_excluded: {modes: any}\n", 8, "'where' is a required property"),
        ("    attaches:\n      commercial_use: {modes: any}\n", 7, "'commercial_use' was unexpected"),
    ],
)
def test_rules_validate_names_a_bad_attachment_and_its_line(
    run, tmp_path: Path, attaches: str, line: int, message: str
) -> None:
    result = run("rules", "validate", str(_rules(tmp_path, attaches)))
    assert result.exit_code == 2
    assert f"rules.yaml:{line}: " in result.stderr and message in result.stderr, result.stderr


def test_rules_validate_accepts_one_attachment_per_item_or_one_for_all(run, tmp_path: Path) -> None:
    per_item = "    attaches:\n      attribution:\n        - {modes: any}\n        - {modes: [weights], note: why}\n"
    assert run("rules", "validate", str(_rules(tmp_path, per_item))).exit_code == 0
    for_all = "    attaches:\n      attribution: {modes: [saas, weights], activities: [fine-tuning]}\n"
    assert run("rules", "validate", str(_rules(tmp_path, for_all))).exit_code == 0
    assert run("rules", "validate", str(_rules(tmp_path, ""))).exit_code == 0  # stated nowhere: binds every use
