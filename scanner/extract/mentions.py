"""Mentions: a reference written in a comment names a model without making the project depend on it.

Every extractor reports what it finds; this pass then marks the references that sit in a comment as
`mention` (kept in the inventory, never a dependency, never a finding). It reads only the lines that
hold a reference, and decides by the file's comment syntax whether the text before the reference
opens a comment: `#` (Python, shell, YAML, TOML, env, Dockerfile, Makefile, requirements), `//` and
block-comment lines (JavaScript, TypeScript, Go, Rust, C-like, JSONC), `<!--` (XML, HTML), `--`
(SQL, Lua). Quotes are followed on the line, so a `#` inside a string opens nothing. Pages and pictures
(HTML, SVG, XML, TeX) show what they name: everything in them is a mention but the value of a form choice
(`<option value="...">`), which the page sends. Records (JSON Lines, CSV, TSV, logs, and JSON files a run
wrote: results, outputs, dated runs) hold data: mentions.
"""

from __future__ import annotations

import re

from scanner.lazyregex import lazy_compile
from scanner.records import ExtractResult, Reference

_HASH = frozenset(
    {".py", ".pyw", ".pyi", ".sh", ".bash", ".zsh", ".ksh", ".yaml", ".yml", ".toml", ".cfg", ".ini", ".conf",
     ".env", ".r", ".rb", ".pl", ".mk", ".txt", ".in", ".properties", ".tf", ".hcl", ".dockerfile", ".nix"}
)  # fmt: skip
_SLASH = frozenset(
    {".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts", ".cts", ".vue", ".svelte", ".go", ".rs", ".java",
     ".kt", ".kts", ".scala", ".swift", ".c", ".h", ".cc", ".cpp", ".hpp", ".cs", ".dart", ".php", ".jsonc",
     ".proto", ".groovy", ".gradle", ".zig"}
)  # fmt: skip
_DASH = frozenset({".sql", ".lua", ".hs"})
_PROSE_SUFFIXES = (".html", ".htm", ".svg", ".xml", ".tex")
# records a project keeps (datasets, evaluation sets, logs, exported tables): what they name is data
_RECORD_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".tsv", ".log", ".output", ".out", ".prom")
# translation catalogues (gettext, XLIFF): prose of a page or an interface in another language, shown, not loaded
_TRANSLATION_SUFFIXES = (".po", ".pot", ".xlf", ".xliff")
# in a page, the value of a form choice is what the page sends: `<option value="gpt-4o">`
_CHOICE_VALUE = lazy_compile(r"<option\b[^>]*\bvalue\s*=\s*[\"']?$", re.I)
_HASH_NAMES = ("dockerfile", "containerfile", "makefile", "modelfile", "procfile", "justfile", ".env", "env.")


def comment_style(path: str) -> str | None:
    """'#', '//', '--' or None (no line comments known for this kind of file)."""
    name = path.rsplit("/", 1)[-1].lower()
    suffix = name[name.rfind(".") :] if "." in name else ""
    if suffix in _HASH or name.startswith(_HASH_NAMES):
        return "#"
    if suffix in _SLASH:
        return "//"
    if suffix in _DASH:
        return "--"
    return None


def in_comment(line: str, column: int, style: str | None) -> bool:
    """Does the text of line before the 1-based column open a comment?"""
    head = line[: max(column - 1, 0)]
    stripped = head.lstrip()
    if style == "//" and stripped.startswith(("*", "/*")):  # a block comment's continuation line
        return True
    if stripped.startswith("<!--"):
        return True
    if style is None:
        return False
    quote: str | None = None
    escaped = False
    for i, char in enumerate(head):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif quote is not None:
            if char == quote:
                quote = None
        elif char in "\"'`":
            quote = char
        elif _opens(head, i, style):
            return True
    return False


def _opens(head: str, i: int, style: str) -> bool:
    """Does a line comment start at head[i]? `#` only at a word's start (`a#b` in YAML or shell is not one)."""
    if style == "#":
        return head[i] == "#" and (i == 0 or head[i - 1] in " \t")
    return head.startswith(style, i)


def _page_choice(lines: list[str], ref: Reference) -> bool:
    """Is the reference the value of a page's form choice (`<option value="qwen-max">`)?"""
    line = lines[ref.line - 1] if 0 < ref.line <= len(lines) else ""
    return bool(_CHOICE_VALUE.search(line[: max(ref.column - 1, 0)]))


def mark_mentions(result: ExtractResult, text: str, path: str, *, record: bool = False) -> ExtractResult:
    """result with the references that lie in a comment marked as mentions. A notebook's raw line is a JSON
    string holding a line of a cell: the comment is looked for in what follows the string's opening quote.
    record: the file is data a run wrote (`Recognizer.record`): everything it names is a mention."""
    lowered = path.lower()
    notebook = lowered.endswith(".ipynb")
    if record or lowered.endswith(_RECORD_SUFFIXES) or lowered.endswith(_TRANSLATION_SUFFIXES):
        return result._replace(references=tuple(r._replace(mention=True) for r in result.references))
    if lowered.endswith(_PROSE_SUFFIXES):  # a page or a picture: what it names is shown, not loaded
        page = text.splitlines()
        return result._replace(
            references=tuple(r._replace(mention=not _page_choice(page, r)) for r in result.references)
        )
    style = "#" if notebook else comment_style(path)
    if not result.references or style is None:
        return result
    lines: list[str] | None = None
    marked: list[Reference] = []
    changed = False
    for ref in result.references:
        if not ref.mention:
            if lines is None:
                lines = text.splitlines()
            line = lines[ref.line - 1] if 0 < ref.line <= len(lines) else ""
            column = ref.column
            if notebook:
                opening = line.find('"') + 1
                line, column = line[opening:], column - opening
            if in_comment(line, column, style):
                ref = ref._replace(mention=True)
                changed = True
        marked.append(ref)
    return result._replace(references=tuple(marked)) if changed else result
