"""Identify a LICENSE or NOTICE text by fingerprint: the verbatim sentences of each known license
(rules/license-texts/<license-id>.txt) that occur in it, not a keyword.

A fingerprint file has a `# source:` line, other `#` notes, and one distinctive sentence (or URL,
e-mail address) per line, occurring in that license version and no other. Texts are compared after
normalising case, whitespace, quotes and Markdown emphasis. A license matches when at least half of
its sentences (and at least two, or all of a one-line fingerprint) occur; the best score wins, and a
tie between two licenses is reported as ambiguous rather than guessed. A missing folder means no
fingerprints: texts are then reported as unidentified.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from scanner.lazyregex import lazy_compile

MAX_TEXT = 1024 * 1024  # LICENSE files above this are read up to it

_EMPHASIS = lazy_compile(r"[*_`#>|]+")
_SPACE = lazy_compile(r"\s+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "´": "'", "\u00a0": " ", "–": "-", "—": "-"})


@dataclass(frozen=True, slots=True)
class Fingerprint:
    license_id: str
    source: str | None
    sentences: tuple[str, ...]  # normalised


@dataclass(frozen=True, slots=True)
class TextMatch:
    license_id: str | None  # None: unidentified or ambiguous
    matched: int  # sentences of the best fingerprint found
    total: int
    note: str  # human-readable: which license, how many sentences, or why none


def normalize(text: str) -> str:
    text = text.translate(_QUOTES).replace("©", "(c)").lower()
    text = _EMPHASIS.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def license_texts_dir() -> Path:
    from scanner.knowledge.load import bundled_rules_dir

    return bundled_rules_dir() / "license-texts"


def load_fingerprints(directory: Path | None = None) -> tuple[Fingerprint, ...]:
    return _load(str(directory or license_texts_dir()))


@lru_cache(maxsize=4)
def _load(directory: str) -> tuple[Fingerprint, ...]:
    out: list[Fingerprint] = []
    for path in sorted(Path(directory).glob("*.txt")):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        source = next((ln.split(":", 1)[1].strip() for ln in lines if ln.lower().startswith("# source:")), None)
        sentences = tuple(
            s for s in (normalize(ln) for ln in lines if ln.strip() and not ln.lstrip().startswith("#")) if len(s) >= 8
        )
        if sentences:
            out.append(Fingerprint(path.stem, source, sentences))
    return tuple(out)


def identify(text: str, fingerprints: tuple[Fingerprint, ...]) -> TextMatch:
    if not fingerprints:
        return TextMatch(None, 0, 0, "no license fingerprints are installed (rules/license-texts/)")
    body = normalize(text[:MAX_TEXT])
    scored = []
    for fp in fingerprints:
        found = sum(1 for s in fp.sentences if s in body)
        need = min(2, len(fp.sentences))
        if found >= need and found * 2 >= len(fp.sentences):
            scored.append((found / len(fp.sentences), found, fp))
    if not scored:
        return TextMatch(None, 0, 0, "matches none of the known license texts")
    scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
    best = scored[0]
    if len(scored) > 1 and (scored[1][0], scored[1][1]) == (best[0], best[1]):
        names = " and ".join(t[2].license_id for t in scored[:2])
        return TextMatch(None, best[1], len(best[2].sentences), f"ambiguous: matches {names} equally")
    fp = best[2]
    return TextMatch(
        fp.license_id,
        best[1],
        len(fp.sentences),
        f"{best[1]} of {len(fp.sentences)} fingerprint sentences of {fp.license_id}"
        + (f" ({fp.source})" if fp.source else ""),
    )
