"""Shell commands wherever they are written: scripts, Dockerfiles, Makefiles, CI `run:` blocks,
docker-compose `command:`, notebook `!` lines.

Each logical command (backslash continuations joined) is tokenized like a POSIX shell would, keeping
each token's line and column in the file as stored. Then:

- model flags (`--model X`, `--model_name_or_path=X`, `--model-id X`, `--model-path X`, `-hf X`, ...)
  take a model id whatever its org; dataset flags (`--dataset X`) and path flags (`--local-dir X`) take
  none, and their values are not scanned at all;
- known command forms take a positional model: `vllm serve X`, `ollama pull|run X`,
  `huggingface-cli download X`, `hf download X`, `lmdeploy serve api_server X`, `modelscope download X`;
- environment assignments (`MODEL=X cmd`, `export MODEL=X`, Dockerfile `ENV`/`ARG`, `docker run -e`,
  `${MODEL:-X}` defaults) are slots when the variable names a model;
- Docker images (`FROM`, `docker run IMAGE`, `docker pull IMAGE`) are not models;
- `pip install` / `npm install` arguments are requirements (model SDKs and loaders);
- every other token is scanned for ids of known orgs, hub URLs and known API hosts.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from scanner.extract.base import (
    Collector,
    Recognizer,
    add_base_url,
    is_dataset_key,
    is_image_key,
    scan_line_text,
    slot_model_id,
    talks_to_ollama,
)
from scanner.extract.requirements import add_requirement
from scanner.lazyregex import lazy_compile
from scanner.records import ExtractResult, RefType

# A physical line: its text, its 1-based line number in the file, the 1-based column of text[0].
PhysLine = tuple[str, int, int]

# flags whose value is a model, besides the model keys (`--model`, `--model_name_or_path`, ...)
# flags whose value is a path or a name of the user's own (never scanned)
PATH_FLAGS = frozenset(
    {
        "local_dir",
        "output",
        "o",
        "output_dir",
        "out_dir",
        "cache_dir",
        "download_dir",
        "save_dir",
        "save_path",
        "log_dir",
        "logging_dir",
        "f",
        "file",
        "config",
        "c",
        "chat_template",
        "name",
        "container_name",
        "hostname",
        "w",
        "workdir",
        "repo_type",
        "revision",
        "include",
        "exclude",
        "v",
        "volume",
        "mount",
    }
)
# the container CLIs whose commands name images
CONTAINER_CLIS = frozenset({"docker", "podman", "nerdctl"})
# docker/podman subcommands whose arguments are images, build contexts and their options, never a model
DOCKER_IMAGE_VERBS = frozenset({"build", "buildx", "tag", "push", "image", "save", "load", "rmi", "commit", "manifest"})
# docker/podman options that take a value (so the image is the first other positional)
DOCKER_VALUE_OPTIONS = frozenset(
    {
        "-e",
        "--env",
        "-v",
        "--volume",
        "-p",
        "--publish",
        "--name",
        "--gpus",
        "--ipc",
        "--shm-size",
        "--runtime",
        "--network",
        "--net",
        "-w",
        "--workdir",
        "--entrypoint",
        "--mount",
        "--device",
        "--ulimit",
        "-u",
        "--user",
        "--env-file",
        "-l",
        "--label",
        "--platform",
        "--restart",
        "--cpus",
        "-m",
        "--memory",
        "--hostname",
        "-h",
        "--add-host",
        "--cap-add",
        "--security-opt",
        "--log-driver",
        "--pull",
        "--tmpfs",
        "--group-add",
    }
)
SHELLS = frozenset({"sh", "bash", "zsh", "dash", "ash", "ksh"})
SCRIPT_OPTIONS = frozenset({"-c", "-lc", "-ec", "-xc", "-cl", "-ce"})
# ms-swift CLI subcommands that load a model
SWIFT_VERBS = frozenset(
    {"sft", "pt", "rlhf", "infer", "deploy", "export", "eval", "app", "web-ui", "sample", "merge-lora"}
)
# pip global options that take a value
PIP_VALUE_OPTIONS = frozenset(
    {
        "--proxy",
        "--cert",
        "--client-cert",
        "--log",
        "--cache-dir",
        "--python",
        "--timeout",
        "--retries",
        "--exists-action",
    }
)
WRAPPERS = frozenset({"sudo", "env", "nohup", "time", "exec", "command", "nice", "stdbuf", "xargs", "then", "do"})
PIP_PROGRAMS = frozenset({"pip", "pip3", "pipx"})
NPM_VERBS = frozenset({"install", "i", "add"})
_ASSIGNMENT = lazy_compile(r"^([A-Za-z_][A-Za-z0-9_]*)(\+?=)(.*)$", re.S)
_DEFAULT = lazy_compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*):?[-=]([^}]*)\}")
_HEREDOC = lazy_compile(r"<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1")
_MAKE_ASSIGNMENT = lazy_compile(
    r"^(?:export\s+|override\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(\?=|:=|::=|\+=|!=|=)\s*(.*)$"
)
_SEPARATORS = ("&&", "||", ";;", "|&", ";", "|", "&", "(", ")", "`", "$(", "{", "}")


@dataclass(frozen=True, slots=True)
class Token:
    value: str  # as the shell would see it: quotes removed, escapes applied
    raw: str  # as written
    line: int
    column: int
    quoted: bool = False
    # a value folded from several physical lines (a multi-line YAML scalar): (offset, line, column) of each
    segments: tuple[tuple[int, int, int], ...] | None = None


@dataclass(frozen=True, slots=True)
class _Logical:
    text: str
    segments: tuple[tuple[int, int, int], ...]  # (offset in text, line, column of that offset)

    def position(self, offset: int) -> tuple[int, int]:
        line, column, start = self.segments[0][1], self.segments[0][2], 0
        for seg_offset, seg_line, seg_column in self.segments:
            if seg_offset > offset:
                break
            start, line, column = seg_offset, seg_line, seg_column
        return line, column + (offset - start)

    def span(self, start: int, end: int) -> tuple[tuple[int, int, int], ...] | None:
        """The physical pieces of text[start:end] as (offset from start, line, column), or None when it lies
        on one physical line (a word of a command continued over several lines with backslashes)."""
        inner = [(offset - start, line, column) for offset, line, column in self.segments if start < offset < end]
        if not inner:
            return None
        line, column = self.position(start)
        return ((0, line, column), *inner)


# --- entry points -------------------------------------------------------------------------------


def extract_shell(text: str, path: str, recognizer: Recognizer) -> ExtractResult:
    collector = Collector(path, "shell")
    collector.ollama_hint = talks_to_ollama(recognizer, text)
    scan_shell_lines(collector, recognizer, _file_lines(text))
    return collector.result()


def extract_dockerfile(text: str, path: str, recognizer: Recognizer) -> ExtractResult:
    collector = Collector(path, "dockerfile")
    collector.ollama_hint = talks_to_ollama(recognizer, text)
    for logical in _logical_lines(_file_lines(text), comment_lines=True):
        _dockerfile_instruction(collector, recognizer, logical)
    return collector.result()


def extract_makefile(text: str, path: str, recognizer: Recognizer) -> ExtractResult:
    collector = Collector(path, "makefile")
    collector.ollama_hint = talks_to_ollama(recognizer, text)
    for logical in _logical_lines(_file_lines(text)):
        raw = logical.text
        if raw.startswith("\t"):  # a recipe line: a shell command
            body = raw[1:].lstrip()
            lead = len(raw) - len(body)
            while body[:1] in ("@", "-", "+") and body:
                body, lead = body[1:], lead + 1
            _shell_logical(collector, recognizer, _Sub(logical, lead))
            continue
        m = _MAKE_ASSIGNMENT.match(raw)
        if m and not raw.lstrip().startswith("#"):
            value = m.group(3).split(" #", 1)[0].rstrip()
            line, column = logical.position(m.start(3))
            assignment(collector, recognizer, m.group(1), Token(value, value, line, column))
    return collector.result()


def scan_shell_lines(collector: Collector, recognizer: Recognizer, lines: Iterable[PhysLine]) -> None:
    """Scan shell text given as physical lines (each with its own line number and start column)."""
    physical = list(lines)
    heredoc: tuple[str, str] | None = None  # (delimiter, what its body is: modelfile, script or text)
    script: list[PhysLine] = []  # the body of a heredoc that is a script, read as shell at its end
    pending: list[PhysLine] = []
    for text, line, col in physical:
        if heredoc is not None:
            if text.strip() == heredoc[0]:
                heredoc = None
                scan_shell_lines(collector, recognizer, script)
                script = []
            elif heredoc[1] == "modelfile":
                from scanner.extract.modelfile import modelfile_line

                modelfile_line(collector, recognizer, text, line, col)
            elif heredoc[1] == "script":
                script.append((text, line, col))
            else:
                scan_line_text(collector, recognizer, text, line, col)
            continue
        pending.append((text, line, col))
        if _continues(text):
            continue
        for logical in _logical_lines(pending):
            _shell_logical(collector, recognizer, logical)
            m = _HEREDOC.search(logical.text)
            if m:
                heredoc = (m.group(2), _heredoc_body(logical.text[: m.start()]))
        pending = []
    if script:  # a heredoc never closed: its lines are still read
        scan_shell_lines(collector, recognizer, script)
    for logical in _logical_lines(pending):
        _shell_logical(collector, recognizer, logical)


# what takes a heredoc whose body is commands: a shell, a remote or batch shell, `read -d '' CMD <<EOF` (a
# command kept in a variable to run later)
_SCRIPT_READER = lazy_compile(r"(?:^|[;&|(]\s*|\bexec\s+)(?:\S*/)?(?:(?:ba|z|da)?sh|ssh|srun|read)\b")


def _heredoc_body(command: str) -> str:
    """What the body of a heredoc given to command is: a Modelfile (`ollama create ... <<EOF`), a script
    (`bash <<EOF`, `read -r -d '' CMD <<EOF`, read as shell), or text (a config file written by `cat`)."""
    if re.search(r"ollama|modelfile", command, re.I):
        return "modelfile"
    return "script" if _SCRIPT_READER.search(command.strip()) else "text"


def scan_argv(collector: Collector, recognizer: Recognizer, argv: list[Token]) -> None:
    """Analyze one command given as separate arguments (exec form: CMD [...], compose `command: [...]`)."""
    # ["sh", "-c", "vllm serve ..."]: the script is shell text
    if len(argv) >= 3 and _base(argv[0]) in ("sh", "bash", "zsh") and argv[1].value in ("-c", "-lc", "-ec"):
        script = argv[2]
        if script.segments:
            _shell_logical(collector, recognizer, _Logical(script.value, script.segments))
        else:
            offset = 1 if script.raw[:1] in ("'", '"') else 0
            scan_shell_lines(collector, recognizer, [(script.value, script.line, script.column + offset)])
        argv = argv[:2]
    # an argument folded from several lines (Kubernetes `args: [">\n  a && vllm serve org/x"]` after a
    # `command: [sh, -c]` of its own key) is a script: read it as shell, each word on the line it is written
    scripts = [t for t in argv if t.segments and " " in t.value]
    for script in scripts:
        _shell_logical(collector, recognizer, _Logical(script.value, script.segments or ()))
    _command(collector, recognizer, [t for t in argv if t not in scripts] if scripts else argv)


def folded(pieces: list[PhysLine]) -> tuple[str, tuple[tuple[int, int, int], ...]]:
    """Physical pieces of one folded value (a multi-line YAML scalar) as one line, with where each piece is."""
    text, segments = "", []
    for piece, line, column in pieces:
        if text:
            text += " "
        segments.append((len(text), line, column))
        text += piece
    return text, tuple(segments)


def scan_folded(collector: Collector, recognizer: Recognizer, pieces: list[PhysLine]) -> None:
    """One command written over several physical lines without continuations (YAML folds them into one)."""
    if pieces:
        text, segments = folded(pieces)
        _shell_logical(collector, recognizer, _Logical(text, segments))


def tokenize_line(collector: Collector, recognizer: Recognizer, text: str, line: int, column: int = 1) -> None:
    """One line of shell (a notebook `!` line, a one-line `run:` value)."""
    scan_shell_lines(collector, recognizer, [(text, line, column)])


# --- lines ----------------------------------------------------------------------------------------


def _file_lines(text: str) -> list[PhysLine]:
    return [(line, number, 1) for number, line in enumerate(text.splitlines(), start=1)]


def _continues(text: str) -> bool:
    stripped = text.rstrip(" \t\r")
    return stripped.endswith("\\") and not stripped.endswith("\\\\")


def _logical_lines(lines: Iterable[PhysLine], *, comment_lines: bool = False) -> Iterator[_Logical]:
    """Join backslash continuations. comment_lines: a whole-line comment inside a continuation is
    dropped (Dockerfile semantics)."""
    parts: list[str] = []
    segments: list[tuple[int, int, int]] = []
    length = 0
    for text, line, col in lines:
        if comment_lines and parts and text.lstrip().startswith("#"):
            continue
        if _continues(text):
            body = text.rstrip(" \t\r")[:-1]
            segments.append((length, line, col))
            parts.append(body)
            length += len(body)
            continue
        segments.append((length, line, col))
        parts.append(text)
        yield _Logical("".join(parts), tuple(segments))
        parts, segments, length = [], [], 0
    if parts:
        yield _Logical("".join(parts), tuple(segments))


@dataclass(frozen=True, slots=True)
class _Sub:
    """A logical line with its first `skip` characters cut off (an instruction, a recipe prefix)."""

    base: _Logical
    skip: int

    @property
    def text(self) -> str:
        return self.base.text[self.skip :]

    def position(self, offset: int) -> tuple[int, int]:
        return self.base.position(offset + self.skip)

    def span(self, start: int, end: int) -> tuple[tuple[int, int, int], ...] | None:
        return self.base.span(start + self.skip, end + self.skip)


def _shell_logical(collector: Collector, recognizer: Recognizer, logical: _Logical | _Sub) -> None:
    for argv in _commands(logical):
        _command(collector, recognizer, argv)


# --- tokenizing -----------------------------------------------------------------------------------


def _commands(logical: _Logical | _Sub) -> Iterator[list[Token]]:
    """Simple commands of a logical line: tokens between separators; comments dropped."""
    text = logical.text
    argv: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t\r\n":
            i += 1
            continue
        if c == "#":  # a comment runs to the end of the line
            break
        variable = _MAKE_VARIABLE.match(text, i) if text.startswith("$(", i) else None
        sep = None if variable else next((s for s in _SEPARATORS if text.startswith(s, i)), None)
        if sep is not None:
            if argv:
                yield argv
            argv = []
            i += len(sep)
            continue
        start = i
        value: list[str] = []
        quoted = False
        while i < n and text[i] not in " \t\r\n;&|()`":
            c = text[i]
            if c == "\\" and i + 1 < n:
                value.append(text[i + 1])
                i += 2
            elif c == "'":
                end = text.find("'", i + 1)
                end = n if end < 0 else end
                value.append(text[i + 1 : end])
                quoted, i = True, end + 1
            elif c == '"':
                j = i + 1
                while j < n and text[j] != '"':
                    if text[j] == "\\" and j + 1 < n and text[j + 1] in '"\\$`':
                        value.append(text[j + 1])
                        j += 2
                        continue
                    value.append(text[j])
                    j += 1
                quoted, i = True, j + 1
            elif c == "$" and text.startswith("${", i):
                end = text.find("}", i)
                end = n - 1 if end < 0 else end
                value.append(text[i : end + 1])
                i = end + 1
            elif c == "$" and text.startswith("$(", i):
                variable = _MAKE_VARIABLE.match(text, i)  # $(HELM): a Make variable, one word
                if variable is None:
                    break  # $(command ...): a command substitution, commands of its own
                value.append(variable.group(0))
                i = variable.end()
            else:
                value.append(c)
                i += 1
        if i == start:  # a lone separator character not in _SEPARATORS
            i += 1
            continue
        line, column = logical.position(start)
        argv.append(Token("".join(value), text[start:i], line, column, quoted, logical.span(start, i)))
    if argv:
        yield argv


# --- commands -------------------------------------------------------------------------------------


def _base(token: Token) -> str:
    """The program a command word runs: `/usr/bin/helm` is helm, and so is a variable named after it (`$(HELM)`,
    `${DOCKER}`, `$KUBECTL` in a Makefile or script)."""
    program = _PROGRAM_VARIABLE.match(token.value)
    return program.group(1).lower() if program else posixpath.basename(token.value).lower()


_MAKE_VARIABLE = lazy_compile(r"\$\([A-Za-z_]\w*\)")
_PROGRAM_VARIABLE = lazy_compile(r"^\$[({]?([A-Za-z_]\w*)[)}]?$")


def _flag(token: Token) -> tuple[str, Token | None] | None:
    """('model_id', value token or None) for --model-id / --model-id=X / -hf; None when not a flag."""
    value = token.value
    if not value.startswith("-") or value in ("-", "--") or value[1:2].isdigit():
        return None
    name, eq, rest = value.lstrip("-").partition("=")
    key = name.replace("-", "_").lower()
    if eq:
        offset = token.raw.find("=") + 1 if "=" in token.raw else len(value) - len(rest)
        return key, Token(rest, token.raw[offset:], token.line, token.column + offset, token.quoted)
    return key, None


def _command(collector: Collector, recognizer: Recognizer, argv: list[Token]) -> None:
    consumed: set[int] = set()  # indexes of tokens already interpreted (never free-scanned)
    ollama = any(_base(t) == "ollama" or "ollama" in t.value.lower() for t in argv)
    modelscope = any(_base(t) == "modelscope" for t in argv) or _swift_from_modelscope(argv)
    hub = RefType.MODELSCOPE_MODEL if modelscope else RefType.HUB_MODEL

    # leading assignments, wrappers, `export`
    i = 0
    while i < len(argv):
        word = argv[i].value
        m = _ASSIGNMENT.match(word)
        if m and not word.startswith("-"):
            _assignment_token(collector, recognizer, argv[i], m)
            consumed.add(i)
            i += 1
        elif word in ("export", "declare", "local", "readonly", "typeset", "set") or word.lower() in WRAPPERS:
            consumed.add(i)
            i += 1
        else:
            break
    if i < len(argv) and argv[i].value in ("-x", "-g", "-r"):
        i += 1

    command_start = i  # where the current simple command begins (after a docker image: the container's)
    for j in range(i, len(argv)):
        if j in consumed:
            continue
        token = argv[j]
        base = _base(token)
        nxt = argv[j + 1] if j + 1 < len(argv) else None
        if (
            token.value in SCRIPT_OPTIONS
            and nxt is not None
            and nxt.quoted
            and (j == command_start or _base(argv[command_start]) in SHELLS or _base(argv[j - 1]) in SHELLS)
        ):
            # sh -c "ollama pull qwen2.5 && ollama serve": the quoted argument is a script of its own
            _script(collector, recognizer, nxt)
            consumed.update({j, j + 1})
            continue
        # docker run/create/pull IMAGE: the image is not a model; what follows it is the container's command
        if base in CONTAINER_CLIS and nxt is not None and nxt.value in ("run", "create", "pull"):
            consumed.update({j, j + 1})
            k = j + 2
            while k < len(argv) and argv[k].value.startswith("-"):
                opt = argv[k].value
                consumed.add(k)
                if opt in ("-e", "--env") and k + 1 < len(argv):
                    m = _ASSIGNMENT.match(argv[k + 1].value)
                    if m:
                        _assignment_token(collector, recognizer, argv[k + 1], m)
                    consumed.add(k + 1)
                    k += 2
                elif opt in DOCKER_VALUE_OPTIONS and "=" not in opt and k + 1 < len(argv):
                    consumed.add(k + 1)
                    k += 2
                else:
                    k += 1
            if k < len(argv):
                consumed.add(k)  # the image
                command_start = k + 1
            continue
        # docker build -t IMG . / docker tag A B / docker push IMG: images and build contexts, not models; a
        # `--build-arg MODEL_ID=org/x` is still read as a setting
        if base in CONTAINER_CLIS and nxt is not None and nxt.value in DOCKER_IMAGE_VERBS:
            consumed.update({j, j + 1})
            k = j + 2
            while k < len(argv) and argv[k].value not in ("&&", "||", ";", "|"):
                consumed.add(k)
                if argv[k].value == "--build-arg" and k + 1 < len(argv):
                    m = _ASSIGNMENT.match(argv[k + 1].value)
                    if m:
                        _assignment_token(collector, recognizer, argv[k + 1], m)
                    consumed.add(k + 1)
                    k += 1
                k += 1
            continue
        # helm install RELEASE CHART / helm pull REPO/CHART: charts and release names, not models (a
        # `--set model=...` value is still read as a setting)
        if base == "helm" and nxt is not None and not nxt.value.startswith("-"):
            consumed.update({j, j + 1})
            k = j + 2
            while k < len(argv) and argv[k].value not in ("&&", "||", ";"):
                value = argv[k].value
                if value in ("--set", "--set-string") and k + 1 < len(argv):
                    _helm_values(collector, recognizer, argv[k + 1])
                    consumed.update({k, k + 1})
                if value.startswith("-"):
                    k += 2 if "=" not in value and k + 1 < len(argv) else 1
                    continue
                consumed.add(k)
                k += 1
            continue
        if base == "ollama" and nxt is not None and nxt.value in recognizer.ollama_verbs:
            consumed.update({j, j + 1})
            targets = [k for k in range(j + 2, len(argv)) if not argv[k].value.startswith("-")]
            for k in targets[: 2 if nxt.value == "cp" else 1]:
                _model(collector, recognizer, argv[k], ollama=True)
                consumed.add(k)
            continue
        if base == "vllm" and nxt is not None and nxt.value == "serve":
            _positional(collector, recognizer, argv, j + 2, consumed, hub)
            consumed.update({j, j + 1})
            continue
        if base in ("huggingface-cli", "hf", "modelscope") and nxt is not None and nxt.value == "download":
            repo_type = _option(argv, ("--repo-type", "--repo_type"))
            if repo_type is not None and repo_type.lower() in ("dataset", "space", "datasets", "spaces"):
                consumed.update(range(j, len(argv)))
                continue
            if any(t.value.startswith(("--dataset", "--datasets")) for t in argv[j:]):
                consumed.update(range(j, len(argv)))
                continue
            _positional(collector, recognizer, argv, j + 2, consumed, hub)
            consumed.update({j, j + 1})
            continue
        if base == "lmdeploy":
            verbs = [t.value for t in argv[j + 1 : j + 3]]
            at = j + (3 if verbs[:1] == ["serve"] or verbs[:1] == ["lite"] else 2)
            if verbs[:1] in (["serve"], ["chat"], ["lite"], ["convert"]):
                if verbs[:1] == ["convert"]:
                    at = j + 3  # lmdeploy convert MODEL_NAME MODEL_PATH
                _positional(collector, recognizer, argv, at, consumed, hub)
            consumed.add(j)
            continue
        if base in PIP_PROGRAMS or (base == "uv" and nxt is not None and nxt.value in ("pip", "add")):
            _pip(collector, recognizer, argv, j, consumed)
            continue
        if base in ("npm", "yarn", "pnpm", "bun") and nxt is not None and nxt.value in NPM_VERBS:
            _npm(collector, recognizer, argv, j + 2, consumed)
            continue
        if base in ("poetry", "pdm", "pipenv", "rye") and nxt is not None and nxt.value in ("add", "install"):
            _requirements_from(collector, recognizer, argv, j + 2, consumed)
            continue
        if base in ("conda", "mamba", "micromamba") and nxt is not None and nxt.value == "install":
            _requirements_from(collector, recognizer, argv, j + 2, consumed, conda=True)
            continue

        flag = _flag(token)
        if flag is None:
            continue
        key, inline = flag
        value_token = inline
        value_index = None
        if value_token is None and nxt is not None and not nxt.value.startswith("-"):
            value_token, value_index = nxt, j + 1
        if value_token is None:
            continue
        if recognizer.is_model_flag(key):
            consumed.add(j)
            if value_index is not None:
                consumed.add(value_index)
            if key == "lora_modules" or ("=" in value_token.value and not value_token.value.startswith("{")):
                _lora_modules(collector, recognizer, argv, value_index or j, value_token, consumed, hub)
            else:
                _model(collector, recognizer, value_token, ollama=ollama, hub=hub)
        elif is_dataset_key(key) or key in PATH_FLAGS or recognizer.is_not_model_key(key):
            consumed.add(j)
            if value_index is not None:
                consumed.add(value_index)

    for k, token in enumerate(argv):
        if k not in consumed:
            _free(collector, recognizer, token)


def _option(argv: list[Token], names: tuple[str, ...]) -> str | None:
    for k, token in enumerate(argv):
        for name in names:
            if token.value == name and k + 1 < len(argv):
                return argv[k + 1].value
            if token.value.startswith(name + "="):
                return token.value.split("=", 1)[1]
    return None


def _positional(
    collector: Collector, recognizer: Recognizer, argv: list[Token], start: int, consumed: set[int], hub: RefType
) -> None:
    """The first non-option argument from start is a model."""
    k = start
    while k < len(argv) and argv[k].value.startswith("-"):
        k += 1
    if k < len(argv):
        _model(collector, recognizer, argv[k], hub=hub)
        consumed.add(k)


def _lora_modules(
    collector: Collector,
    recognizer: Recognizer,
    argv: list[Token],
    last: int,
    first: Token,
    consumed: set[int],
    hub: RefType,
) -> None:
    """vllm --lora-modules name=org/adapter [name2=org/adapter2 ...]: argv[last] holds the first pair."""
    tokens = [first]
    k = last
    while k + 1 < len(argv) and "=" in argv[k + 1].value and not argv[k + 1].value.startswith("-"):
        k += 1
        tokens.append(argv[k])
        consumed.add(k)
    for token in tokens:
        _name, _, value = token.value.partition("=")
        offset = token.raw.find("=") + 1
        _model(collector, recognizer, Token(value, token.raw[offset:], token.line, token.column + offset), hub=hub)


def _model(
    collector: Collector,
    recognizer: Recognizer,
    token: Token,
    *,
    ollama: bool = False,
    hub: RefType = RefType.HUB_MODEL,
    depth: int = 0,
) -> None:
    """A token in a model slot."""
    value = token.value
    defaults = list(_DEFAULT.finditer(value))
    if defaults:  # ${MODEL:-Qwen/Qwen2.5-7B}
        for m in defaults:
            raw_at = token.raw.find(m.group(2))
            sub = Token(m.group(2), m.group(2), token.line, token.column + max(raw_at, 0))
            _model(collector, recognizer, sub, ollama=ollama, hub=hub)
        return
    if "$" in value:  # a variable: its literal is where it was assigned, if this file assigned it
        assigned = _assigned(collector, value)
        if assigned is not None and depth < 4:
            _model(collector, recognizer, assigned, ollama=ollama, hub=hub, depth=depth + 1)
        elif assigned is None:  # ${{ inputs.model || 'org/name' }}: what the expression falls back to
            _free(collector, recognizer, token)
        return
    mid = slot_model_id(recognizer, value, ollama=ollama, ollama_hint=collector.ollama_hint)
    if mid is None:
        _free(collector, recognizer, token)
        return
    ref_type = mid.ref_type
    if ref_type is RefType.HUB_MODEL and hub is RefType.MODELSCOPE_MODEL:
        ref_type = RefType.MODELSCOPE_MODEL
    column = token.column + (1 if token.raw[:1] in ("'", '"') else 0)
    collector.add(mid.id, ref_type, token.line, column, value)


def _helm_values(collector: Collector, recognizer: Recognizer, token: Token) -> None:
    """`--set model.name=org/x,replicas=2`: each value whose key (its last one or two dotted parts) names a model is
    a slot."""
    offset = 0
    for pair in token.raw.split(","):
        key, eq, value = pair.partition("=")
        path = key.strip().split(".")  # `model.name` and `vllm.modelId` name a model as `model_name` would
        if eq and value and (recognizer.is_model_key(path[-1]) or recognizer.is_model_key("_".join(path[-2:]))):
            _model(collector, recognizer, _tail(token, offset + len(key) + 1, value.strip("\"'")), ollama=False)
        offset += len(pair) + 1


def _assignment_token(collector: Collector, recognizer: Recognizer, token: Token, m: re.Match[str]) -> None:
    name = m.group(1)
    offset = token.raw.find("=") + 1
    assignment(collector, recognizer, name, _tail(token, offset, m.group(3)))


def _tail(token: Token, offset: int, value: str) -> Token:
    """The part of a token from raw offset on (the value of NAME=value), where it is written: a token
    continued over several lines keeps the physical pieces after offset."""
    if not token.segments:
        return Token(value, token.raw[offset:], token.line, token.column + offset, token.quoted)
    before = [seg for seg in token.segments if seg[0] <= offset]
    start, line, column = before[-1]
    after = tuple((o - offset, ln, col) for o, ln, col in token.segments if o > offset)
    segments = ((0, line, column + offset - start), *after) if after else None
    return Token(value, token.raw[offset:], line, column + offset - start, token.quoted, segments)


def assignment(collector: Collector, recognizer: Recognizer, name: str, value: Token) -> None:
    """NAME=value: a model slot when NAME names a model; otherwise only known ids and hosts count.

    The value is remembered: a later `--model $NAME` (or `${{ env.NAME }}` in CI) is a slot for it.
    """
    collector.variables[name] = value
    if is_dataset_key(name) or is_image_key(name) or recognizer.is_not_model_key(name):
        return
    lowered = name.lower()
    ollama = "ollama" in lowered
    if recognizer.is_model_key(name) or (
        ollama and "model" in lowered and not recognizer.is_setting_attribute(lowered)
    ):
        _model(collector, recognizer, value, ollama=ollama)
        return
    if recognizer.is_endpoint_key(name):  # OPENAI_BASE_URL=https://api.x.ai/v1
        add_base_url(collector, recognizer, name, value.value, value.line, value.column)
    _free(collector, recognizer, value)


def _free(collector: Collector, recognizer: Recognizer, token: Token) -> None:
    """Known-org ids, hub URLs and known hosts anywhere in a token; a token continued over several lines
    (`ARGS="\\` ... `--model org/name \\` ... `"`) is read line by line, each id on the line it is written."""
    if token.segments:
        from scanner.extract.text import scan_line_slots

        bounds = [offset for offset, _, _ in token.segments] + [len(token.raw)]
        for (offset, line, column), end in zip(token.segments, bounds[1:], strict=False):
            piece = token.raw[offset:end]
            scan_line_text(collector, recognizer, piece, line, column)
            scan_line_slots(collector, recognizer, piece, line, column - 1)
        return
    text = token.raw
    if len(text) < 4 or text.startswith(("./", "../", "/", "~/")):
        # a path: a hub URL or host inside a path is not a reference, but scan ${VAR:-default}s
        for m in _DEFAULT.finditer(token.value):
            if recognizer.is_model_key(m.group(1)):
                sub = Token(m.group(2), m.group(2), token.line, token.column + max(text.find(m.group(2)), 0))
                _model(collector, recognizer, sub)
        return
    for m in _DEFAULT.finditer(text):
        if recognizer.is_model_key(m.group(1)):
            sub = Token(m.group(2), m.group(2), token.line, token.column + m.start(2))
            _model(collector, recognizer, sub)
    scan_line_text(collector, recognizer, text, token.line, token.column, literal=True)  # one word: a whole value


def _pip(collector: Collector, recognizer: Recognizer, argv: list[Token], j: int, consumed: set[int]) -> None:
    """pip [global options] install|add [options] requirements...; uv pip install; pipx install."""
    k = j + 1
    verb = None
    while k < len(argv):
        value = argv[k].value
        if value in ("install", "add"):
            verb = k
            break
        if value == "pip" or value.startswith("-"):
            # a global option's value (--proxy URL, --python PATH) is never `install`
            k += 2 if value in PIP_VALUE_OPTIONS else 1
            continue
        return  # another subcommand (pip download, pip show, uv run, ...)
    if verb is None:
        return
    _requirements_from(collector, recognizer, argv, verb + 1, consumed)
    consumed.update(range(j, verb + 1))


def _requirements_from(
    collector: Collector,
    recognizer: Recognizer,
    argv: list[Token],
    start: int,
    consumed: set[int],
    *,
    conda: bool = False,
) -> None:
    k = start
    while k < len(argv):
        token = argv[k]
        value = token.value
        if value.startswith("-"):
            consumed.add(k)
            if value in (
                "-r",
                "-c",
                "-e",
                "--requirement",
                "--constraint",
                "-i",
                "--index-url",
                "--extra-index-url",
            ) or (conda and value in ("-c", "--channel", "-n", "--name", "-p", "--prefix")):
                consumed.add(k + 1)
                k += 1
            k += 1
            continue
        consumed.add(k)
        if conda:
            value = value.split("::")[-1]
        if "://" not in value and not value.startswith((".", "/", "$")):
            column = token.column + (1 if token.raw[:1] in ("'", '"') else 0)
            add_requirement(collector, recognizer, value, token.line, column)
        k += 1


def _npm(collector: Collector, recognizer: Recognizer, argv: list[Token], start: int, consumed: set[int]) -> None:
    for k in range(start, len(argv)):
        token = argv[k]
        consumed.add(k)
        value = token.value
        if value.startswith("-"):
            continue
        name = value[:1] + value[1:].split("@", 1)[0] if value.startswith("@") else value.split("@", 1)[0]
        if name.lower() in recognizer.sdk_packages:
            spec = value[len(name) + 1 :] or None
            collector.add(name.lower(), RefType.SDK_PACKAGE, token.line, token.column, value, version_spec=spec)


_VARIABLE = lazy_compile(
    r"^\$(?:\{\{\s*(?:env|vars|inputs)\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}"  # ${{ env.NAME }} (GitHub Actions)
    r"|\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$"  # ${NAME}, $NAME
)


def _assigned(collector: Collector, value: str) -> Token | None:
    """The token assigned to the variable a slot holds: $NAME, ${NAME}, ${{ env.NAME }} (GitHub Actions)."""
    m = _VARIABLE.match(value.strip())
    if not m:
        return None
    token = collector.variables.get(m.group(1) or m.group(2) or m.group(3))
    return token if isinstance(token, Token) else None


def _swift_from_modelscope(argv: list[Token]) -> bool:
    """The ms-swift CLI (`swift sft|infer|deploy|...`) downloads from ModelScope unless told --use_hf true."""
    for k, token in enumerate(argv[:-1]):
        if _base(token) == "swift" and argv[k + 1].value in SWIFT_VERBS:
            use_hf = _option(argv, ("--use_hf", "--use-hf"))
            env = any(t.value.split("=", 1) in (["USE_HF", "1"], ["USE_HF", "true"]) for t in argv[:k])
            return not env and (use_hf is None or use_hf.lower() not in ("true", "1"))
    return False


def _script(collector: Collector, recognizer: Recognizer, token: Token) -> None:
    """A quoted script given to `sh -c`: scanned as shell text, each of its lines where it is written."""
    offset = 1 if token.raw[:1] in ("'", '"') else 0
    if token.segments:  # `bash -c \` + `"pip install x \` + `&& train --model org/x"`: continued lines
        inner = token.raw[offset : len(token.raw) - offset] if offset else token.raw
        first_line, first_column = token.segments[0][1], token.segments[0][2] + offset
        rest = tuple((o - offset, ln, col) for o, ln, col in token.segments[1:] if 0 < o - offset < len(inner))
        _shell_logical(collector, recognizer, _Logical(inner, ((0, first_line, first_column), *rest)))
        return
    lines = token.value.split("\n")
    scan_shell_lines(
        collector,
        recognizer,
        [(text, token.line + i, (token.column + offset) if i == 0 else 1) for i, text in enumerate(lines)],
    )


# --- Dockerfile -----------------------------------------------------------------------------------

_INSTRUCTION = lazy_compile(r"^\s*([A-Za-z]+)(\s+|$)")


def _dockerfile_instruction(collector: Collector, recognizer: Recognizer, logical: _Logical) -> None:
    m = _INSTRUCTION.match(logical.text)
    if not m or logical.text.lstrip().startswith("#"):
        return
    instruction = m.group(1).upper()
    rest = _Sub(logical, m.end())
    if instruction == "FROM":  # a Docker image, never a model
        return
    if instruction in ("RUN", "CMD", "ENTRYPOINT", "HEALTHCHECK", "SHELL"):
        body = rest.text
        if instruction == "HEALTHCHECK":
            at = body.upper().find("CMD")
            if at < 0:
                return
            rest = _Sub(logical, m.end() + at + 3)
            body = rest.text
        if body.lstrip().startswith("["):
            _exec_form(collector, recognizer, rest)
        elif instruction != "SHELL":
            for argv in _commands(rest):
                # RUN options (--mount=..., --network=...) come first
                while argv and argv[0].value.startswith("--") and instruction == "RUN":
                    argv = argv[1:]
                _command(collector, recognizer, argv)
        return
    if instruction in ("ENV", "ARG"):
        for argv in _commands(rest):
            if instruction == "ENV" and len(argv) >= 2 and "=" not in argv[0].value:  # ENV NAME value
                value = argv[1]
                assignment(collector, recognizer, argv[0].value, value)
                continue
            for token in argv:
                am = _ASSIGNMENT.match(token.value)
                if am:
                    _assignment_token(collector, recognizer, token, am)
        return
    if instruction in ("ADD", "LABEL"):
        for argv in _commands(rest):
            for token in argv:
                if instruction == "LABEL" or "://" in token.value:
                    _free(collector, recognizer, token)
        return
    if instruction == "ONBUILD":
        line, column = rest.position(0)
        inner = _Logical(rest.text, ((0, line, column),))
        _dockerfile_instruction(collector, recognizer, inner)


def _exec_form(collector: Collector, recognizer: Recognizer, logical: _Logical | _Sub) -> None:
    """CMD ["vllm", "serve", "Qwen/Qwen2.5-7B-Instruct"]: a JSON array of arguments."""
    text = logical.text
    try:
        values = json.loads(text.strip())
    except (ValueError, RecursionError):
        values = None
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        for words in _commands(logical):
            _command(collector, recognizer, words)
        return
    argv: list[Token] = []
    cursor = 0
    for value in values:
        needle = json.dumps(value)
        at = text.find(needle, cursor)
        if at < 0:
            at = max(text.find(value, cursor) - 1, 0)
        cursor = at + len(needle)
        line, column = logical.position(at)
        argv.append(Token(value, needle, line, column, True))
    scan_argv(collector, recognizer, argv)
