"""Lock files and manifests: SDKs and loaders at the line that names them."""

from __future__ import annotations

import pytest

from scanner.extract import extract_file


def refs(name: str, text: str, recognizer) -> set[tuple[str, int, str, str | None]]:
    result = extract_file(text.encode(), name, recognizer)
    return {(r.id, r.line, r.ref_type.value, r.version_spec) for r in result.references}


def test_uv_poetry_and_pylock(recognizer) -> None:
    uv = (
        'version = 1\n\n[[package]]\nname = "requests"\nversion = "2.32.3"\n\n'
        '[[package]]\nname = "dashscope"\nversion = "1.20.11"\n\n[[package]]\nname = "torch"\nversion = "2.3.1"\n'
    )
    assert refs("uv.lock", uv, recognizer) == {
        ("dashscope", 8, "sdk_package", "==1.20.11"),
        ("torch", 12, "loader_package", "==2.3.1"),
    }
    poetry = '[[package]]\nname = "zhipuai"\nversion = "2.1.5"\ndescription = "x"\n'
    assert refs("poetry.lock", poetry, recognizer) == {("zhipuai", 2, "sdk_package", "==2.1.5")}
    pylock = 'lock-version = "1.0"\n[[packages]]\nname = "openai"\nversion = "1.51.0"\n'
    assert refs("pylock.toml", pylock, recognizer) == {("openai", 3, "sdk_package", "==1.51.0")}


def test_pipfile_and_pipfile_lock(recognizer) -> None:
    pipfile = '[[source]]\nurl = "https://pypi.org/simple"\n\n[packages]\nflask = "*"\nqianfan = ">=0.4"\n'
    assert refs("Pipfile", pipfile, recognizer) == {("qianfan", 6, "sdk_package", ">=0.4")}
    lock = '{\n  "_meta": {},\n  "default": {\n    "groq": {"version": "==0.11.0"},\n    "six": {}\n  }\n}\n'
    assert refs("Pipfile.lock", lock, recognizer) == {("groq", 4, "sdk_package", "==0.11.0")}


def test_setup_py_and_setup_cfg(recognizer) -> None:
    setup_py = (
        "from setuptools import setup\n"
        "REQS = ['numpy', 'mistralai>=1.0']\n"
        "setup(name='x', install_requires=REQS, extras_require={'cn': ['dashscope']})\n"
    )
    assert refs("setup.py", setup_py, recognizer) == {
        ("mistralai", 2, "sdk_package", ">=1.0"),
        ("dashscope", 3, "sdk_package", None),
    }
    setup_cfg = (
        "[metadata]\nname = x\ndescription = uses openai\n\n"
        "[options]\ninstall_requires =\n    requests\n    openai>=1.0\n\n"
        "[options.extras_require]\ncn = zhipuai\n"
    )
    assert refs("setup.cfg", setup_cfg, recognizer) == {
        ("openai", 8, "sdk_package", ">=1.0"),
        ("zhipuai", 11, "sdk_package", None),
    }


def test_conda_environment(recognizer) -> None:
    env = (
        "name: x\nchannels: [conda-forge]\ndependencies:\n  - python=3.11\n"
        "  - conda-forge::openai=1.51\n  - pip:\n    - groq==0.11.0\n"
    )
    assert refs("environment.yml", env, recognizer) == {
        ("openai", 5, "sdk_package", "==1.51"),
        ("groq", 7, "sdk_package", "==0.11.0"),
    }


def test_pyproject_line_is_the_declaration_not_the_description(recognizer) -> None:
    text = '[project]\nname = "x"\ndescription = "talks to openai"\ndependencies = [\n  "openai>=1",\n]\n'
    assert refs("pyproject.toml", text, recognizer) == {("openai", 5, "sdk_package", ">=1")}


def test_package_json(recognizer) -> None:
    text = (
        '{\n  "description": "openai demo",\n  "dependencies": {\n    "openai": "^4.0.0",\n    "react": "18"\n  }\n}\n'
    )
    assert refs("package.json", text, recognizer) == {("openai", 4, "sdk_package", "^4.0.0")}


def test_broken_lock_file_is_reported(recognizer) -> None:
    result = extract_file(b'[[package]\nname = "dashscope"\n', "uv.lock", recognizer)
    assert result.issues and [r.id for r in result.references] == ["dashscope"]


@pytest.mark.parametrize(
    ("name", "message", "fallback"),
    [
        ("uv.lock", "lock file does not parse", "name scan"),
        ("Pipfile", "Pipfile does not parse", "line scan"),
        ("pyproject.toml", "TOML does not parse", "line scan"),
    ],
)
def test_broken_toml_says_so_and_falls_back(name: str, message: str, fallback: str, recognizer) -> None:
    text = b'[tool.x\nname = "dashscope"\nmodel = "Qwen/Qwen3-8B"\n'
    result = extract_file(text, name, recognizer)
    (issue,) = result.issues
    assert issue.message.startswith(message) and issue.fallback == fallback and issue.line == 1
    assert result.references  # the fallback still reads the file


def test_valid_toml_has_no_issue(recognizer) -> None:
    for name in ("uv.lock", "Pipfile", "pyproject.toml"):
        assert not extract_file(b'[tool.x]\nname = "dashscope"\n', name, recognizer).issues
