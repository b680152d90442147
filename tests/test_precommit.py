"""The pre-commit hook, run by the real `pre-commit` (from PyPI) with `try-repo` against this
repository in a temporary git repository: it fails on a staged file that loads a model of an
Entity-Listed lab and passes on a clean one. pre-commit builds the hook's virtualenv from PyPI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.skipif(
    not (REPO / ".git").exists() or shutil.which("git") is None,
    reason="needs this repository as a git checkout (pre-commit clones the hook repository)",
)
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]
HEAVY = ("huggingface_hub", "jsonschema", "tabulate", "cyclonedx", "gguf", "numpy")


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository as committed (HEAD), the way pre-commit users get it."""
    clone = tmp_path_factory.mktemp("hookrepo") / "modelorigin"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    return clone


def _work_repo(root: Path, files: dict[str, str | bytes], staged: list[str]) -> Path:
    root.mkdir()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    subprocess.run(["git", "-C", str(root), "add", "--", *staged], check=True)
    return root


def _try_repo(
    hook_repo: Path, work: Path, home: Path, hook: str = "modelorigin", *extra: str
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    env.pop("MODELORIGIN_CACHE_DIR", None)
    return subprocess.run(
        [*PRE_COMMIT, "try-repo", str(hook_repo), hook, "--verbose", *extra],
        cwd=work,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


def test_manifest_is_valid() -> None:
    result = subprocess.run(
        [*PRE_COMMIT, "validate-manifest", str(REPO / ".pre-commit-hooks.yaml")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_hook_fails_on_a_staged_file_loading_an_entity_listed_model(hook_repo: Path, tmp_path: Path) -> None:
    work = _work_repo(
        tmp_path / "work",
        {
            "services/chat.py": (
                "from transformers import AutoModel\r\n"
                "\r\n"
                "def load():\r\n"
                '\treturn AutoModel.from_pretrained("THUDM/chatglm3-6b")  # Zhipu AI: BIS Entity List\r\n'
            ),
            "docs/models.md": "We evaluated zai-org/GLM-4.5 and rejected it.\n",
            "ok.py": "print('héllo')\n",
        },
        staged=["services/chat.py", "docs/models.md", "ok.py"],
    )
    result = _try_repo(hook_repo, work, tmp_path / "home")
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "Failed" in out
    assert "services/chat.py:4:" in out and "HIGH MO101 THUDM/chatglm3-6b" in out
    assert "docs/models.md" not in out  # documentation is not read (passed, and skipped by the scanner)


def test_hook_sees_staged_weights_and_model_cards(hook_repo: Path, tmp_path: Path) -> None:
    """A staged pickle that would run os.system fails the commit as `modelorigin scan` does (CRITICAL
    MO601), read by its opcodes, never unpickled; a model card staged alone is read for its front matter."""
    from tests.modelfiles.builders import evil_pickle

    canary = tmp_path / "canary"
    work = _work_repo(
        tmp_path / "work",
        {
            "weights/model.pkl": evil_pickle(canary, 2),
            "models/ft/README.md": "---\nlicense: apache-2.0\nbase_model: Qwen/Qwen2.5-7B-Instruct\n---\n# ft\n",
            "logo.png": b"\x89PNG\r\n\x1a\n" + bytes(64),
        },
        staged=["weights/model.pkl", "models/ft/README.md", "logo.png"],
    )
    result = _try_repo(hook_repo, work, tmp_path / "home")
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "weights/model.pkl:1:1: CRITICAL MO601" in out and not canary.exists()
    assert "[2 model(s) in 2 file(s)]" in out  # the pickle's and the card's; the image is never passed


def test_hook_passes_on_a_clean_staged_file(hook_repo: Path, tmp_path: Path) -> None:
    work = _work_repo(
        tmp_path / "work",
        {
            "embed.py": (
                "from sentence_transformers import SentenceTransformer\n"
                'm = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2",\n'
                '                        revision="c9745ed1d9f207416be6d2e6f8de32d1f16199bf")\n'
            ),
            # not staged: the hook must not see it
            "scratch.py": 'AutoModel.from_pretrained("THUDM/chatglm3-6b")\n',
        },
        staged=["embed.py"],
    )
    result = _try_repo(hook_repo, work, tmp_path / "home")
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "Passed" in out and "scratch.py" not in out


def test_hook_entry_imports_nothing_heavy(tmp_path: Path) -> None:
    files = []
    for i in range(10):
        f = tmp_path / f"f{i}.py"
        f.write_text(f'import os\nMODEL = os.environ.get("M", "gpt2")\nprint("{i}")\n')
        files.append(str(f))
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "scanner", "scan", "--format", "concise", *files],
        capture_output=True,
        text=True,
        env={**os.environ, "MODELORIGIN_CACHE_DIR": str(tmp_path / "cache")},
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {
        line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")
    }
    assert "scanner.pipeline" in imported
    assert not {m for m in imported if m.split(".")[0] in HEAVY}
    assert "PASSED" in result.stdout


def test_notice_hook_fails_before_a_push_when_the_notice_is_stale(hook_repo: Path, tmp_path: Path) -> None:
    """`modelorigin-notice` checks THIRD_PARTY_MODELS.md against the whole tree (not the staged files) at the
    pre-push stage: a model added since the notice was written fails it; the regenerated notice passes."""
    files = {
        "app.py": 'from transformers import AutoModel\nm = AutoModel.from_pretrained("Qwen/Qwen2.5-7B-Instruct")\n',
        "THIRD_PARTY_MODELS.md": "# Third-party models\n\nnone yet\n",
    }
    work = _work_repo(tmp_path / "work", files, staged=list(files))
    stale = _try_repo(hook_repo, work, tmp_path / "home", "modelorigin-notice", "--hook-stage", "pre-push")
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert "THIRD_PARTY_MODELS.md" in stale.stdout + stale.stderr
    written = subprocess.run(
        [sys.executable, "-m", "scanner", "notice", "-q", "-o", "THIRD_PARTY_MODELS.md"],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    )
    assert written.returncode == 0, written.stderr
    assert "Qwen/Qwen2.5-7B-Instruct" in (work / "THIRD_PARTY_MODELS.md").read_text(encoding="utf-8")
    subprocess.run(["git", "-C", str(work), "add", "THIRD_PARTY_MODELS.md"], check=True)
    current = _try_repo(hook_repo, work, tmp_path / "home", "modelorigin-notice", "--hook-stage", "pre-push")
    assert current.returncode == 0, current.stdout + current.stderr
