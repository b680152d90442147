"""Line scan of any text file: known-org ids, hub URLs, known API hosts, and `key = "value"` slots.

This is also the fallback for files whose parser failed, so nothing in them is silently dropped.
"""

from __future__ import annotations

from scanner.extract.base import Collector, Recognizer, is_model_key, scan_line_text
from scanner.lazyregex import lazy_compile
from scanner.records import ExtractResult

# key = "value" / key: value / --key value / KEY=value, where key names a model
_SLOT = lazy_compile(r"""(?P<key>[A-Za-z_][\w-]*)["']?\s*(?:=|:|\s)\s*(?P<q>["']?)(?P<value>[^\s"',;)}\]]+)(?P=q)""")
_CALL_SLOT = lazy_compile(
    r"""(?:from_pretrained|SentenceTransformer|snapshot_download|hf_hub_download)\(\s*["'](?P<value>[^"']+)["']"""
)


def extract_text(text: str, path: str, recognizer: Recognizer, *, in_docs: bool = False) -> ExtractResult:
    collector = Collector(path, "text", in_docs=in_docs)
    line_scan(collector, recognizer, text)
    return collector.result()


def line_scan(collector: Collector, recognizer: Recognizer, text: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > 4000:
            line = line[:4000]
        scan_line_text(collector, recognizer, line, number)
        scan_line_slots(collector, recognizer, line, number)


def scan_line_slots(collector: Collector, recognizer: Recognizer, line: str, number: int) -> None:
    """Values of model-named keys and flags, and literal arguments of well-known loader calls."""
    for m in _CALL_SLOT.finditer(line):
        mid = recognizer.model_id(m.group("value"), in_slot=True)
        if mid is not None:
            collector.add_model(mid, number, m.start("value") + 1, m.group("value"))
    for m in _SLOT.finditer(line):
        key = m.group("key").lstrip("-")
        if not is_model_key(key):
            continue
        value = m.group("value")
        mid = recognizer.model_id(value, in_slot=True)
        if mid is not None:
            collector.add_model(mid, number, m.start("value") + 1, value)
