"""JSON written for people and machines: outer levels indented, each item on one line, generators written as
they are consumed; the data is exactly what json.dumps gives."""

from __future__ import annotations

import json

from scanner.report import json_chunks, json_text


def test_json_text_is_the_same_data_with_one_item_per_line() -> None:
    data = {
        "summary": {"findings": {"high": 1}, "passed": False},
        "findings": [{"id": "MO101", "message": "Zhipu AI — 智谱", "locations": [{"line": 3}]}, {"id": "MO402"}],
        "empty": [],
        "none": {},
        "text": 'quote " and \\ backslash',
    }
    text = json_text(data)
    assert json.loads(text) == data
    lines = text.splitlines()
    assert '    {"id": "MO101", "message": "Zhipu AI — 智谱", "locations": [{"line": 3}]},' in lines
    assert '  "empty": [],' in lines and '  "none": {},' in lines


def test_a_generator_is_written_as_a_list_as_it_is_consumed() -> None:
    made: list[int] = []

    def items():  # type: ignore[no-untyped-def]
        for i in range(3):
            made.append(i)
            yield {"n": i}

    chunks = json_chunks({"items": items(), "none": (x for x in ())})
    first = next(chunks)
    assert made == []  # nothing is made before it is written
    text = first + "".join(chunks)
    assert json.loads(text) == {"items": [{"n": 0}, {"n": 1}, {"n": 2}], "none": []} and made == [0, 1, 2]


def test_the_streamed_report_is_the_rendered_report(run) -> None:
    from scanner.pipeline import ScanOptions, scan
    from scanner.report.json_report import render_json, report_dict, stream_json
    from tests.conftest import EXAMPLE

    report = scan(ScanOptions(paths=[EXAMPLE], progress=False, jobs=1))
    streamed = "".join(stream_json(report))
    assert streamed == render_json(report)
    assert json.loads(streamed) == json.loads(json.dumps(report_dict(report)))
