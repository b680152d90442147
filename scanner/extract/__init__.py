"""Extraction: one module per file kind, each a pure function of (text, path, recognizer)."""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, Any

from scanner.extract.base import Collector, Recognizer
from scanner.extract.text import extract_text
from scanner.lazyregex import lazy_compile
from scanner.records import ExtractResult, ParseIssue

if TYPE_CHECKING:
    from scanner.extract.prefilter import Prefilter

# (text, path, recognizer, **options) -> references; options are keyword-only (in_docs, focus, ...)
Extractor = Callable[..., ExtractResult]


def _lazy(module: str, name: str) -> Extractor:
    """scanner.extract.<module>.<name>, imported on its first call: a run loads only the extractors of
    the file kinds it parses (a pre-commit run over Python files never imports PyYAML)."""

    loaded: list[Callable[..., ExtractResult]] = []  # the extractor, once imported

    def extract(text: str, path: str, recognizer: Recognizer, **options: Any) -> ExtractResult:
        if not loaded:
            loaded.append(getattr(import_module(f"scanner.extract.{module}"), name))
        return loaded[0](text, path, recognizer, **options)

    extract.__name__ = extract.__qualname__ = name
    return extract


extract_env = _lazy("envfile", "extract_env")
extract_javascript = _lazy("javascript", "extract_javascript")
extract_pipfile = _lazy("lockfiles", "extract_pipfile")
extract_pipfile_lock = _lazy("lockfiles", "extract_pipfile_lock")
extract_setup_cfg = _lazy("lockfiles", "extract_setup_cfg")
extract_toml_lock = _lazy("lockfiles", "extract_toml_lock")
extract_modelfile = _lazy("modelfile", "extract_modelfile")
extract_notebook = _lazy("notebook", "extract_notebook")
extract_python = _lazy("python", "extract_python")
extract_requirements = _lazy("requirements", "extract_requirements")
extract_dockerfile = _lazy("shell", "extract_dockerfile")
extract_makefile = _lazy("shell", "extract_makefile")
extract_shell = _lazy("shell", "extract_shell")
extract_json = _lazy("structured", "extract_json")
extract_toml = _lazy("structured", "extract_toml")
extract_yaml = _lazy("structured", "extract_yaml")

# prose: Markdown and its dialects (Quarto, R Markdown, MDX), reStructuredText, AsciiDoc, and their templates
# (`ramalama-serve.1.md.in`, from which man pages are built)
DOC_SUFFIXES = (".md", ".markdown", ".rst", ".adoc", ".txt.md", ".mdx", ".qmd", ".rmd", ".md.in", ".rst.in")
_REQUIREMENTS_NAME = lazy_compile(r"^(requirements|constraints)[\w.-]*\.(txt|in)$|\.requirements\.txt$", re.I)
_DOCKERFILE_NAME = lazy_compile(r"^(dockerfile|containerfile)([._-][\w.-]*)?$|\.(dockerfile|containerfile)$", re.I)
_MODELFILE_NAME = lazy_compile(r"^modelfile([._-][\w.-]*)?$|\.modelfile$", re.I)
_ENV_NAME = lazy_compile(r"^\.env(\.[\w.-]+)?$|\.env$|^env\.(example|sample|template)$", re.I)
_PYLOCK_NAME = lazy_compile(r"^pylock(\.[\w-]+)?\.toml$", re.I)
SHELL_SUFFIXES = frozenset({".sh", ".bash", ".zsh", ".ksh", ".command", ".bats"})
JS_SUFFIXES = frozenset({".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts", ".cts", ".vue", ".svelte"})
TOML_LOCKS = frozenset({"uv.lock", "poetry.lock", "pdm.lock"})
# lock files of other ecosystems: package names and hashes, never a model (`@google/genai`, `v0.6.1/go.mod`)
FOREIGN_LOCKS = frozenset(
    {
        "package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "bun.lock",
        "go.sum",
        "go.mod",
        "go.work.sum",
        "cargo.lock",
        "composer.lock",
        "gemfile.lock",
        "podfile.lock",
        "packages.lock.json",
        "mix.lock",
        "flake.lock",
        "deno.lock",
    }
)
SHELL_NAMES = frozenset({"procfile", ".envrc", "justfile", "entrypoint", "docker-entrypoint"})
MAKEFILE_NAMES = frozenset({"makefile", "gnumakefile"})
# files parsed whatever the prefilter says: manifests, lock files, Modelfiles, environment files
_ALWAYS_NAMES = frozenset(
    {"pyproject.toml", "setup.py", "setup.cfg", "pipfile", "pipfile.lock", "package.json", *TOML_LOCKS}
)


# copies of a configuration file to fill in (`settings.yaml.example`, `config.json.sample`): read as the file they
# copy; Go and Jinja templates (`.tpl`, `.tmpl`, `.j2`) are not the file they render and stay text
TEMPLATE_SUFFIXES = (".example", ".sample", ".template", ".dist", ".default")


def extractor_for(name: str, path: str | None = None) -> Extractor:
    """The extractor for a file name (the base name, any case); path (relative) refines a few kinds."""
    lowered = name.lower()
    if lowered.endswith(TEMPLATE_SUFFIXES) and not _ENV_NAME.search(lowered):
        copied = lowered[: lowered.rfind(".")]
        if "." in copied.lstrip("."):  # `settings.yaml.example`, not `config.example`
            return extractor_for(copied, path)
    suffix = lowered[lowered.rfind(".") :] if "." in lowered else ""
    if lowered in FOREIGN_LOCKS:
        return extract_nothing
    if lowered == "setup.py":
        return extract_setup_py
    if suffix in (".py", ".pyw", ".pyi"):
        return extract_python
    if suffix == ".ipynb":
        return extract_notebook
    if lowered == "pipfile.lock":
        return extract_pipfile_lock
    if lowered == "pipfile":
        return extract_pipfile
    if lowered in TOML_LOCKS or _PYLOCK_NAME.match(lowered):
        return extract_toml_lock
    if lowered == "setup.cfg":
        return extract_setup_cfg
    if suffix in (".yaml", ".yml"):
        return extract_yaml
    if suffix in (".json", ".jsonc"):
        return extract_json
    if suffix == ".toml":
        return extract_toml
    if _REQUIREMENTS_NAME.search(lowered) or (
        path is not None and suffix in (".txt", ".in") and "/requirements/" in f"/{path.lower()}"
    ):
        return extract_requirements
    if _MODELFILE_NAME.search(lowered):
        return extract_modelfile
    if _DOCKERFILE_NAME.search(lowered):
        return extract_dockerfile
    if lowered in MAKEFILE_NAMES or suffix == ".mk":
        return extract_makefile
    if suffix in SHELL_SUFFIXES or lowered in SHELL_NAMES:
        return extract_shell
    if _ENV_NAME.search(lowered):
        return extract_env
    if suffix in JS_SUFFIXES:
        return extract_javascript
    return extract_text


def always_parse(name: str) -> bool:
    """Files read whatever the prefilter says (their references need no model word)."""
    lowered = name.lower()
    return (  # each pattern only when the name holds the word it needs: this runs for every file
        lowered in _ALWAYS_NAMES
        or (("requirements" in lowered or "constraints" in lowered) and bool(_REQUIREMENTS_NAME.search(lowered)))
        or (lowered.startswith("pylock") and bool(_PYLOCK_NAME.match(lowered)))
        or ("modelfile" in lowered and bool(_MODELFILE_NAME.search(lowered)))
        or ("env" in lowered and bool(_ENV_NAME.search(lowered)))
        or (lowered.startswith("environment") and lowered.endswith((".yml", ".yaml")))
    )


def extract_nothing(text: str, path: str, recognizer: Recognizer, **_options: Any) -> ExtractResult:
    """A file that names no model by its kind (another ecosystem's lock file)."""
    return ExtractResult((), ())


def extract_setup_py(text: str, path: str, recognizer: Recognizer) -> ExtractResult:
    """setup.py: Python code, and the requirements its setup() call declares."""
    from scanner.extract.lockfiles import setup_py_requirements

    result = extract_python(text, path, recognizer)
    collector = Collector(path, "setup-py")
    setup_py_requirements(collector, recognizer, text)
    return ExtractResult((*result.references, *collector.references), result.issues)


# license texts are prose: what they name (a registration form's host) is not a dependency
_LICENSE_TEXT_NAME = lazy_compile(r"^(?:model[_-])?(?:licen[cs]e|copying)(?:[._-][\w.-]*)?$", re.I)


# release notes kept as YAML fragments (reno: `releasenotes/notes/add-x-1a2b3c.yaml`): prose and examples of a
# change, documentation whatever their suffix
_RELEASE_NOTES = "releasenotes/notes/"


def is_doc(path: str) -> bool:
    """Is a file (its path relative to the scan root, or its name) documentation?"""
    name = path.rsplit("/", 1)[-1]
    lowered = name.lower()
    if _RELEASE_NOTES in path.lower() and lowered.endswith((".yaml", ".yml")):
        return True
    if lowered.endswith((".py", ".sh", ".json", ".yaml", ".yml", ".toml")):  # license_check.py is code
        return False
    if lowered.endswith(_RENDERED_SUFFIXES):  # README.md.tpl, index.md.j2: the document it renders
        lowered = lowered[: lowered.rfind(".")]
    return lowered.endswith(DOC_SUFFIXES) or _LICENSE_TEXT_NAME.match(name) is not None


# the suffixes of a template or a copy of the file it renders (its own suffix comes before them)
_RENDERED_SUFFIXES = (".tpl", ".tmpl", ".j2", ".jinja", ".jinja2", *TEMPLATE_SUFFIXES)


def decode(data: bytes, path: str) -> tuple[str, ParseIssue | None]:
    """Text of a file; undecodable bytes are replaced and reported, never silently dropped."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        issue = ParseIssue(path, line, "not valid UTF-8", fallback="scanned with undecodable bytes replaced")
        return data.decode("utf-8", errors="replace"), issue


_SHEBANG = lazy_compile(r"^#!\s*(?:/usr)?(?:/local)?/bin/(?:env\s+(?:-S\s+)?)?(\w+)")


def extract_file(
    data: bytes, path: str, recognizer: Recognizer, *, in_docs: bool = False, gate: Prefilter | None = None
) -> ExtractResult:
    """The references in a file. gate: the prefilter, whose word lines let the line-based extractors
    skip the lines that cannot hold a reference (see LineFocus); without it every line is read."""
    text, issue = decode(data, path)
    name = path.rsplit("/", 1)[-1]
    extractor = extract_text if in_docs else extractor_for(name, path)
    if extractor is extract_text and text.startswith("#!") and not in_docs:
        extractor = _by_shebang(text) or extract_text
    options: dict[str, Any] = {"in_docs": True} if in_docs else {}
    if gate is not None and extractor in _FOCUSED:
        options["focus"] = gate.focus(data)
    result = extractor(text, path, recognizer, **options)
    if result.references and not in_docs:
        from scanner.extract.mentions import mark_mentions

        result = mark_mentions(result, text, path, record=recognizer.record(path))
    if issue is not None:
        return ExtractResult(result.references, (issue, *result.issues))
    return result


# the extractors that read only the statements or lines holding a prefilter word
_FOCUSED = (extract_text, extract_python, extract_javascript, extract_yaml)


def _by_shebang(text: str) -> Extractor | None:
    m = _SHEBANG.match(text)
    if not m:
        return None
    interpreter = m.group(1)
    if interpreter.startswith("python"):
        return extract_python
    if interpreter in ("sh", "bash", "zsh", "ksh", "dash"):
        return extract_shell
    if interpreter in ("node", "deno", "bun"):
        return extract_javascript
    return None
