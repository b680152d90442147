"""CycloneDX 1.6 ML-BOM: valid under cyclonedx-python-lib's strict validator, one model component
per model with purl, license, lineage as pedigree, origin and flags as properties, APIs as services."""

from __future__ import annotations

import json

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

from tests.conftest import EXAMPLE

VALIDATOR = JsonStrictValidator(SchemaVersion.V1_6)

MESSY = {
    "app/serve.py": (
        "import ollama\r\n"
        "from modelscope import snapshot_download\r\n"
        'r = ollama.chat(model="qwen2.5:7b", messages=[])\r\n'
        'p = snapshot_download("qwen/Qwen2.5-7B-Instruct")\r\n'
        "m = AutoModel.from_pretrained(\r\n"
        '\t"bartowski/Qwen2.5-7B-Instruct-GGUF",\r\n'
        '\trevision="ABCDEF1234567890abcdef1234567890abcdef12",  # pinned, upper case as pasted\r\n'
        ")\r\n"
        'x = AutoModel.from_pretrained("someone/mystery-7b")  # no rule knows it\r\n'
        'l = AutoModel.from_pretrained("meta-llama/Llama-3.1-8B-Instruct")  # café\r\n'
    ),
    "requirements.txt": "dashscope==1.20.11\nopenai>=1.40\n",
    "client.py": 'OpenAI(base_url="https://api.deepseek.com/v1")\n',
}


def _bom(run, target) -> dict:  # type: ignore[no-untyped-def,type-arg]
    result = run("scan", str(target), "--format", "cyclonedx")
    assert result.exit_code in (0, 1), result.output
    error = VALIDATOR.validate_str(result.stdout)
    assert error is None, error
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _props(item: dict, name: str) -> list[str]:  # type: ignore[type-arg]
    return [p["value"] for p in item.get("properties", []) if p["name"] == f"modelorigin:{name}"]


def test_the_validator_is_strict() -> None:
    bad = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "version": 1,
        "components": [{"type": "ai-model", "name": "x"}],
    }
    assert VALIDATOR.validate_str(json.dumps(bad)) is not None
    bad_license = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "version": 1,
        "components": [{"type": "library", "name": "x", "licenses": [{"license": {"id": "apache-2.0"}}]}],
    }
    assert VALIDATOR.validate_str(json.dumps(bad_license)) is not None  # SPDX ids are case-sensitive


def test_example_bom_is_valid_with_one_component_per_model(run) -> None:
    bom = _bom(run, EXAMPLE)
    assert bom["specVersion"] == "1.6"
    models = {f"{c.get('group')}/{c['name']}": c for c in bom["components"] if c["type"] == "machine-learning-model"}
    assert set(models) == {
        "Qwen/Qwen-7B-Chat",
        "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B",
        "sentence-transformers/all-MiniLM-L6-v2",
    }
    minilm = models["sentence-transformers/all-MiniLM-L6-v2"]
    # pinned revision in the code -> purl version
    assert (
        minilm["purl"]
        == "pkg:huggingface/sentence-transformers/all-MiniLM-L6-v2@c9745ed1d9f207416be6d2e6f8de32d1f16199bf"
    )
    assert minilm["licenses"] == [{"license": {"id": "Apache-2.0"}}]
    qwen = models["Qwen/Qwen-7B-Chat"]
    assert qwen["purl"] == "pkg:huggingface/Qwen/Qwen-7B-Chat"  # not pinned: no version
    assert qwen["licenses"][0]["license"]["name"].startswith("Tongyi Qianwen LICENSE AGREEMENT")
    assert "id" not in qwen["licenses"][0]["license"]
    assert _props(qwen, "origin:country") == ["CN"]
    assert _props(qwen, "origin:lab") == ["alibaba-qwen"]
    assert any(v.startswith("MO401 medium") for v in _props(qwen, "finding"))
    distill = models["deepseek-ai/DeepSeek-R1-Distill-Qwen-7B"]
    ancestors = {a["group"] + "/" + a["name"]: a for a in distill["pedigree"]["ancestors"]}
    assert "Qwen/Qwen2.5-Math-7B" in ancestors and "deepseek-ai/DeepSeek-R1" in ancestors
    assert _props(ancestors["Qwen/Qwen2.5-Math-7B"], "lineage:relation") == ["finetune"]
    assert all(a["type"] == "machine-learning-model" for a in ancestors.values())
    [service] = [s for s in bom["services"] if s["bom-ref"].startswith("service:")]
    assert service["name"] == "api.deepseek.com" and service["provider"]["name"] == "DeepSeek"
    # a model called by name on a provider's API is a service of that provider, not a package
    hosted = {s["name"]: s for s in bom["services"] if s["bom-ref"].startswith("hosted-model:")}
    assert hosted and all(_props(s, "model:kind") == ["hosted_model"] for s in hosted.values())
    assert not any(c["name"] in hosted for c in bom["components"])
    assert service["endpoints"] == ["https://api.deepseek.com"]
    assert any(v.startswith("MO301 high") for v in _props(service, "finding"))
    libraries = {c["name"]: c for c in bom["components"] if c["type"] == "library"}
    assert libraries["dashscope"]["purl"] == "pkg:pypi/dashscope@1.20.11"
    assert "version" not in libraries["openai"]  # >=1.40 is a range, not a version
    # the project depends on every model, API and SDK
    [project_deps] = [d for d in bom["dependencies"] if d["ref"] == "project"]
    assert len(project_deps["dependsOn"]) == len(bom["components"]) + len(bom["services"])
    assert _props(bom["metadata"]["component"], "rules:sha256")[0] and bom["metadata"]["tools"]


def test_messy_project_bom_is_valid(run, project) -> None:
    bom = _bom(run, project(MESSY))
    models = {
        c.get("group", "") + "/" + c["name"]: c for c in bom["components"] if c["type"] == "machine-learning-model"
    }
    gguf = models["bartowski/Qwen2.5-7B-Instruct-GGUF"]
    assert gguf["purl"] == "pkg:huggingface/bartowski/Qwen2.5-7B-Instruct-GGUF@abcdef1234567890abcdef1234567890abcdef12"
    assert gguf["version"] == "abcdef1234567890abcdef1234567890abcdef12"
    [base] = gguf["pedigree"]["ancestors"]
    assert base["purl"] == "pkg:huggingface/Qwen/Qwen2.5-7B-Instruct"
    assert _props(base, "lineage:relation") == ["quantized"] and _props(base, "origin:country") == ["CN"]
    assert _props(gguf, "model:uploader") == ["bartowski"]
    unknown = models["someone/mystery-7b"]
    assert "licenses" not in unknown
    assert _props(unknown, "license:id") == ["unknown"] and _props(unknown, "origin:country") == ["unknown"]
    llama = models["meta-llama/Llama-3.1-8B-Instruct"]
    assert "name" in llama["licenses"][0]["license"]  # not an SPDX license
    ollama = models["/qwen2.5:7b"]
    assert "purl" not in ollama
    assert ollama["externalReferences"][0]["url"] == "https://ollama.com/library/qwen2.5"
    modelscope = models["qwen/Qwen2.5-7B-Instruct"]
    assert modelscope["externalReferences"][0]["url"] == "https://modelscope.cn/models/qwen/Qwen2.5-7B-Instruct"
    assert "purl" not in modelscope  # no purl type for ModelScope


@pytest.mark.parametrize("name", ["apache-2.0", "mit"])
def test_spdx_licenses_are_spelled_as_spdx(run, project, name: str) -> None:
    model = {"apache-2.0": "Qwen/Qwen2.5-7B-Instruct", "mit": "deepseek-ai/DeepSeek-R1"}[name]
    bom = _bom(run, project({"a.py": f'AutoModel.from_pretrained("{model}")\n'}))
    [component] = [c for c in bom["components"] if c["type"] == "machine-learning-model"]
    assert component["licenses"] == [{"license": {"id": {"apache-2.0": "Apache-2.0", "mit": "MIT"}[name]}}]
