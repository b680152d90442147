"""gitignore-style globs for `exclude` (policy) and `--exclude` (CLI), matched against paths relative to the
scanned root, as ruff and git read them:

- a pattern without a slash (`*.ipynb`, `fixtures`) matches a file or folder name at any depth;
- a pattern with a slash (`tests/fixtures/`, `/vendor`) is anchored at the root;
- a trailing slash matches a folder (and so everything below it); `**` matches any number of folders.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Matcher = Callable[[str], bool]


def compile_globs(patterns: list[str]) -> list[tuple[str, Matcher]]:
    return [(pattern, _compile(pattern)) for pattern in patterns]


def _compile(pattern: str) -> Matcher:
    text = pattern.strip()
    folder = text.endswith("/")
    text = text.strip("/") if text.startswith("/") or folder else text
    anchored = "/" in text or pattern.startswith("/")
    body = _translate(text)
    prefix = "" if anchored else "(?:.*/)?"
    suffix = "/.*" if folder else "(?:/.*)?"  # a name matches the file, or the folder and all below it
    regex = re.compile(f"^{prefix}{body}{suffix}$")
    return lambda path: regex.match(path) is not None


def _translate(glob: str) -> str:
    out = []
    i = 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return "".join(out)
