"""Records are immutable values: a stage makes changed copies, never edits another stage's output."""

from __future__ import annotations

import pytest

from scanner.records import Finding, LicenseRef, Location, Model, Origin, Reference, RefType


def _model() -> Model:
    return Model(
        "Qwen/Qwen3-8B",
        "hub_model",
        Origin("qwen", "Alibaba Qwen", "CN", "org"),
        LicenseRef("apache-2.0", "Apache 2.0", "catalog"),
        meta={"declared_license": "apache-2.0"},
    )


def test_fields_cannot_be_set_and_changed_copies_leave_the_original() -> None:
    model = _model()
    with pytest.raises(AttributeError):
        model.id = "other/model"  # type: ignore[misc]
    renamed = model._replace(id="acme/fork")
    assert (model.id, renamed.id) == ("Qwen/Qwen3-8B", "acme/fork")
    assert renamed.origin is model.origin


def test_records_compare_by_value() -> None:
    ref = Reference("Qwen/Qwen3-8B", RefType.HUB_MODEL, "app.py", 3, 9, "Qwen/Qwen3-8B", "python")
    assert ref == ref._replace() and ref != ref._replace(line=4)
    assert not ref.revision_pinned and ref._replace(revision="a1b2c3d4e5").revision_pinned
    finding = Finding(
        "MO101", "n", "t", "high", "origin", "m", "r", "Qwen/Qwen3-8B", "app.py", 3, (Location("app.py", 3),)
    )
    assert len({finding, finding._replace()}) == 1  # findings are hashable (baselines, de-duplication)
    assert _model() == _model()
