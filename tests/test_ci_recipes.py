"""The CI recipes in docs/ci/ do what docs/ci.md says: their modelorigin commands, run in order,
produce valid SARIF / CycloneDX / reports and a gate that fails on the example and passes on a
clean project."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.conftest import EXAMPLE, REPO

DOCS = REPO / "docs" / "ci"
SARIF_SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def github_steps() -> list[str]:
    workflow = yaml.safe_load((DOCS / "github-actions.yml").read_text(encoding="utf-8"))
    [job] = workflow["jobs"].values()
    return [step["run"] for step in job["steps"] if "run" in step]


def gitlab_script() -> list[str]:
    pipeline = yaml.safe_load((DOCS / "gitlab-ci.yml").read_text(encoding="utf-8"))
    return list(pipeline["modelorigin"]["script"])


def _project(tmp_path: Path, source: Path | None) -> Path:
    root = tmp_path / "checkout"
    if source is None:
        root.mkdir()
        (root / "app.py").write_text('m = AutoModel.from_pretrained("./models/local")\n', encoding="utf-8")
    else:
        shutil.copytree(source, root)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


def _run_commands(commands: list[str], cwd: Path, tmp_path: Path) -> list[int]:
    """Each modelorigin command as the CI runner would run it (a shell in the checkout), in order."""
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "MODELORIGIN_CACHE_DIR": str(tmp_path / "cache"),
    }
    codes = []
    for command in commands:
        if command.startswith("pip install"):
            continue  # already installed in this environment
        assert shlex.split(command)[0] == "modelorigin", command
        codes.append(subprocess.run(["bash", "-e", "-c", command], cwd=cwd, env=env, check=False).returncode)
    return codes


@pytest.mark.parametrize("recipe", ["github", "gitlab"])
def test_recipe_gates_the_example_and_writes_valid_reports(recipe: str, tmp_path: Path) -> None:
    commands = github_steps() if recipe == "github" else gitlab_script()
    assert any(c.startswith("pip install") for c in commands) or recipe == "gitlab"
    checkout = _project(tmp_path, EXAMPLE)
    codes = _run_commands(commands, checkout, tmp_path)
    assert codes[:-1] == [0] * (len(codes) - 1), "report steps must not fail the job"
    assert codes[-1] == 1, "the gate fails on the example's high findings"
    sarif = json.loads((checkout / "modelorigin.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(sarif)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert "app/fallback.py" in uris  # relative to the repository root (the checkout)
    if recipe == "github":
        assert (checkout / "modelorigin-audit.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    else:
        from cyclonedx.schema import SchemaVersion
        from cyclonedx.validation.json import JsonStrictValidator

        bom = (checkout / "gl-sbom-modelorigin.cdx.json").read_text(encoding="utf-8")
        assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(bom) is None
        assert (checkout / "modelorigin-audit.md").read_text(encoding="utf-8").startswith("# AI model audit")


@pytest.mark.parametrize("recipe", ["github", "gitlab"])
def test_recipe_passes_a_clean_project(recipe: str, tmp_path: Path) -> None:
    commands = github_steps() if recipe == "github" else gitlab_script()
    codes = _run_commands(commands, _project(tmp_path, None), tmp_path)
    assert codes == [0] * len(codes)


def test_github_workflow_uploads_sarif_even_when_the_scan_finds_something() -> None:
    workflow = yaml.safe_load((DOCS / "github-actions.yml").read_text(encoding="utf-8"))
    assert workflow["permissions"]["security-events"] == "write"
    [job] = workflow["jobs"].values()
    upload = next(s for s in job["steps"] if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif"))
    assert upload["if"] == "always()" and upload["with"]["sarif_file"] == "modelorigin.sarif"
    scans = [s for s in job["steps"] if s.get("run", "").startswith("modelorigin scan")]
    assert len(scans) == 1, "one scan gives the gate, the SARIF file and the audit report"
    [scan] = scans
    assert "--also modelorigin.sarif" in scan["run"] and "--exit-zero" not in scan["run"]
    assert job["steps"].index(scan) < job["steps"].index(upload)


def test_every_install_names_a_tag_of_this_version() -> None:
    """The package is not on the index: every recipe and the README install from the repository at the
    tag of the version in scanner/__init__.py, which CHANGELOG.md records."""
    from scanner import __version__

    tag = f"v{__version__}"
    gitlab = yaml.safe_load((DOCS / "gitlab-ci.yml").read_text(encoding="utf-8"))["modelorigin"]["before_script"]
    installs = [c for c in [*github_steps(), *gitlab] if "pip install" in c]
    assert len(installs) == 2 and all(c.endswith(f'/modelorigin@{tag}"') for c in installs), installs
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "pip install modelorigin\n" not in readme and f"@{tag}" in readme
    snippet = readme.split("# .pre-commit-config.yaml\n", 1)[1].split("```", 1)[0]
    [entry] = yaml.safe_load(snippet)["repos"]
    manifest = {hook["id"] for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert entry["rev"] == tag and {hook["id"] for hook in entry["hooks"]} <= manifest
    assert f"## {__version__} (" in (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    if (REPO / ".git").exists() and shutil.which("git"):
        tags = subprocess.run(["git", "-C", str(REPO), "tag", "--list"], capture_output=True, text=True).stdout.split()
        assert not tags or tag in tags, f"{tag} is not a tag of this repository"


def test_a_plain_install_carries_no_test_tools() -> None:
    from scanner.tomlutil import tomllib

    project = tomllib().loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {re.split(r"[<>=\[ ;]", d, maxsplit=1)[0].lower() for d in project["dependencies"]}
    assert not names & {"pytest", "ruff", "mypy", "build", "pre-commit", "gguf", "safetensors", "types-pyyaml"}
    assert "pytest" in " ".join(project["optional-dependencies"]["test"])


# --- the organisation inventory: a matrix of scans, then one merge -----------------------------------------

MATRIX = DOCS / "github-actions-matrix.yml"


def _matrix_jobs() -> tuple[dict, dict]:  # type: ignore[type-arg]
    jobs = yaml.safe_load(MATRIX.read_text(encoding="utf-8"))["jobs"]
    return jobs["scan"], jobs["merge"]


def _run_steps(steps: list[dict], cwd: Path, env: dict[str, str], repository: str = "") -> list[int]:  # type: ignore[type-arg]
    """Each `run` step as the runner would run it (bash -e in the working folder), ${{ matrix.repository }}
    replaced; the install is skipped (modelorigin is installed here)."""
    codes = []
    for step in steps:
        script = step.get("run", "").replace("${{ matrix.repository }}", repository)
        if script and not script.startswith("pip install"):
            assert "${{" not in script, script
            codes.append(subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=env, check=False).returncode)
    return codes


def _git(*args: str, cwd: Path) -> None:
    who = {
        f"GIT_{role}_{key}": value
        for role in ("AUTHOR", "COMMITTER")
        for key, value in (("NAME", "t"), ("EMAIL", "t@t"))
    }
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **who})


def _checkout(folder: Path, files: dict[str, str] | None) -> Path:
    """A repository of the matrix: the example chatbot, or the files given (made once)."""
    if not folder.exists():
        if files is None:
            shutil.copytree(EXAMPLE, folder)
        folder.mkdir(parents=True, exist_ok=True)
        for rel, text in (files or {}).items():
            (folder / rel).write_text(text, encoding="utf-8")
        subprocess.run(["git", "init", "-q", str(folder)], check=True)
    return folder


def test_matrix_recipe_scans_each_repository_then_merges_and_commits_the_inventory(tmp_path: Path) -> None:
    scan, merge = _matrix_jobs()
    names = scan["strategy"]["matrix"]["repository"]
    assert len(names) == 3
    sources = {names[0]: {"app.py": 'm = AutoModel.from_pretrained("THUDM/chatglm3-6b")\n'}, names[1]: {}}
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "MODELORIGIN_CACHE_DIR": str(tmp_path / "cache"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
    }
    upload = next(s for s in scan["steps"] if str(s.get("uses", "")).startswith("actions/upload-artifact"))
    download = next(s for s in merge["steps"] if str(s.get("uses", "")).startswith("actions/download-artifact"))
    assert download["with"]["merge-multiple"] is True
    # this repository (the one holding the workflow) keeps the inventory; its remote takes the push
    remote, inventory = tmp_path / "remote.git", tmp_path / "model-inventory"
    _git("init", "-q", "--bare", str(remote), cwd=tmp_path)
    _git("clone", "-q", str(remote), str(inventory), cwd=tmp_path)
    _git("commit", "-q", "--allow-empty", "-m", "start", cwd=inventory)
    _git("push", "-q", "-u", "origin", "HEAD", cwd=inventory)

    def run_workflow() -> dict:  # type: ignore[type-arg]
        reports = inventory / "reports"  # what download-artifact leaves with merge-multiple
        shutil.rmtree(reports, ignore_errors=True)
        reports.mkdir()
        for name in names:
            checkout = _checkout(tmp_path / "checkouts" / name, sources.get(name))
            subprocess.run(["git", "-C", str(checkout), "add", "-A"], check=True)
            assert _run_steps(scan["steps"], checkout, env, name) == [0], "a scan is a report, not a gate"
            artifact = upload["with"]["name"].replace("${{ matrix.repository }}", name)
            assert artifact.startswith(download["with"]["pattern"].rstrip("*"))
            shutil.copy(checkout / upload["with"]["path"].replace("${{ matrix.repository }}", name), reports)
        assert _run_steps(merge["steps"], inventory, env) == [0, 0]
        doc: dict = json.loads((inventory / "inventory.json").read_text(encoding="utf-8"))  # type: ignore[type-arg]
        jsonschema.Draft202012Validator(
            json.loads((REPO / "docs" / "inventory.schema.json").read_text(encoding="utf-8"))
        ).validate(doc)
        return doc

    first = run_workflow()
    assert [r["name"] for r in first["repositories"]] == sorted(names) and first["trend"] is None
    assert "THUDM/chatglm3-6b" in {m["id"] for m in first["models"]}
    assert (inventory / "inventory.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (tmp_path / "summary.md").read_text(encoding="utf-8").startswith("# AI model inventory: 3 repositories")
    log = subprocess.run(["git", "-C", str(remote), "log", "--format=%s", "-1"], capture_output=True, text=True)
    assert log.stdout.startswith("AI model inventory "), "the inventory is committed and pushed"

    (tmp_path / "checkouts" / names[1] / "serve.sh").write_text(
        "vllm serve deepseek-ai/DeepSeek-R1\n", encoding="utf-8"
    )
    second = run_workflow()
    assert second["trend"]["previous"] == "inventory.json"  # the committed inventory gives the trend
    assert [m["id"] for m in second["trend"]["models_added"]] == ["deepseek-ai/DeepSeek-R1"]


def test_matrix_recipe_shape() -> None:
    from scanner import __version__

    scan, merge = _matrix_jobs()
    workflow = yaml.safe_load(MATRIX.read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "read"} and merge["permissions"] == {"contents": "write"}
    assert scan["strategy"]["fail-fast"] is False, "one repository's failure must not cancel the other scans"
    assert merge["needs"] == "scan" and merge["if"] == "always()", "merge what was scanned, also after a failure"
    [scan_step] = [s["run"] for s in scan["steps"] if s.get("run", "").startswith("modelorigin scan")]
    assert "--exit-zero" in scan_step and "--format json" in scan_step
    installs = [s["run"] for s in [*scan["steps"], *merge["steps"]] if "pip install" in s.get("run", "")]
    assert len(installs) == 2 and all(c.endswith(f'/modelorigin@v{__version__}"') for c in installs)
