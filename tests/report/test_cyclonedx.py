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


def _models(bom: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {c.get("group", "") + "/" + c["name"]: c for c in bom["components"] if c["type"] == "machine-learning-model"}


def test_the_validator_checks_what_modelorigin_adds() -> None:
    """Organizational entities and model cards are checked by the schema too, not passed through."""

    def bom(component: dict) -> str:  # type: ignore[type-arg]
        entry = {"type": "machine-learning-model", "name": "x", **component}
        return json.dumps({"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": [entry]})

    assert VALIDATOR.validate_str(bom({"manufacturer": {"name": "Lab", "address": {"country": "CN"}}})) is None
    assert VALIDATOR.validate_str(bom({"manufacturer": {"name": "Lab", "country": "CN"}})) is not None
    assert VALIDATOR.validate_str(bom({"modelCard": {"modelParameters": {"task": "x"}}})) is None
    assert VALIDATOR.validate_str(bom({"modelCard": {"task": "x"}})) is not None
    assert VALIDATOR.validate_str(bom({"modelCard": {"considerations": {"limitations": ["x"]}}})) is not None


def test_the_lab_is_the_manufacturer_and_the_supplier_is_where_the_copy_comes_from(run, project) -> None:
    example = _models(_bom(run, EXAMPLE))
    qwen = example["Qwen/Qwen-7B-Chat"]
    assert qwen["manufacturer"]["name"] == "Alibaba Cloud (Qwen / Tongyi Qianwen)"
    assert qwen["manufacturer"]["address"] == {"country": "CN"}
    assert "https://huggingface.co/Qwen" in qwen["manufacturer"]["url"]  # the lab's organisations, from the rules
    assert qwen["supplier"] == {**qwen["manufacturer"], "url": ["https://huggingface.co/Qwen"]}  # the lab's own org
    distill = example["deepseek-ai/DeepSeek-R1-Distill-Qwen-7B"]
    makers = {a["name"]: a["manufacturer"] for a in distill["pedigree"]["ancestors"]}
    assert makers["Qwen2.5-Math-7B"]["name"].startswith("Alibaba Cloud") and makers["DeepSeek-R1"]["name"] == "DeepSeek"
    assert {m["address"]["country"] for m in makers.values()} == {"CN"}

    messy = _bom(run, project(MESSY))
    models = _models(messy)
    gguf = models["bartowski/Qwen2.5-7B-Instruct-GGUF"]
    assert (
        gguf["manufacturer"]["name"].startswith("Alibaba Cloud") and gguf["manufacturer"]["address"]["country"] == "CN"
    )
    assert gguf["supplier"] == {"name": "bartowski", "url": ["https://huggingface.co/bartowski"]}  # the quantizer
    [base] = gguf["pedigree"]["ancestors"]
    assert base["manufacturer"] == gguf["manufacturer"]
    assert models["meta-llama/Llama-3.1-8B-Instruct"]["manufacturer"]["address"] == {"country": "US"}
    assert models["/qwen2.5:7b"]["supplier"] == {"name": "Ollama library", "url": ["https://ollama.com/library"]}
    unknown = models["someone/mystery-7b"]
    assert "manufacturer" not in unknown  # no lab is known: none is named
    assert unknown["supplier"] == {"name": "someone", "url": ["https://huggingface.co/someone"]}
    [api] = [s for s in messy["services"] if s["name"] == "api.deepseek.com"]
    assert api["provider"]["name"] == "DeepSeek" and api["provider"]["address"] == {"country": "CN"}
    dashscope = next(c for c in messy["components"] if c["name"] == "dashscope")
    assert dashscope["manufacturer"]["address"] == {"country": "CN"}


def _card(component: dict, kind: str) -> list[str]:  # type: ignore[type-arg]
    return [p["value"] for p in component["modelCard"]["properties"] if p["name"].startswith(f"modelorigin:{kind}:")]


def test_a_model_card_holds_the_license_terms_and_obligations_the_lineage_carries(run) -> None:
    bom = _bom(run, EXAMPLE)
    models = _models(bom)
    qwen = models["Qwen/Qwen-7B-Chat"]["modelCard"]
    [limitation] = qwen["considerations"]["technicalLimitations"]
    assert "trust_remote_code=True" in limitation  # its card in the rules says it needs custom code
    assert "modelParameters" not in qwen  # no file of it was read: its architecture is not known, not guessed
    facts = _card(models["Qwen/Qwen-7B-Chat"], "license_term")
    assert any(v.startswith("tongyi-qianwen-2023: allowed on conditions:") for v in facts)
    duties = _card(models["Qwen/Qwen-7B-Chat"], "obligation")
    assert any("Tongyi Qianwen is licensed under the Tongyi Qianwen LICENSE AGREEMENT" in v for v in duties)
    assert not any(v.split(":")[1].strip().startswith("allowed") for v in duties)  # facts are not obligations
    distill = models["deepseek-ai/DeepSeek-R1-Distill-Qwen-7B"]
    carried = {v.split(":", 1)[0] for v in _card(distill, "obligation") + _card(distill, "license_term")}
    assert carried == {"mit", "apache-2.0"}  # its own and Qwen2.5-Math's; DeepSeek-V3-Base's was relicensed
    assert "considerations" not in distill["modelCard"]
    assert not any("modelCard" in c for c in bom["components"] if c["type"] != "machine-learning-model")


def test_a_model_card_names_the_architecture_the_files_declare(run, project) -> None:
    from tests.modelfiles.builders import write_gguf, write_safetensors

    root = project({"ckpt/config.json": '{"model_type": "qwen2", "architectures": ["Qwen2ForCausalLM"]}'})
    write_safetensors(root / "ckpt" / "model.safetensors")
    write_gguf(root / "weights" / "mystery-q4.gguf", arch="qwen2", tokens=0)
    models = _models(_bom(run, root))
    folder = models["/ckpt/"]  # a local path is the component's name, not an org and a name
    assert folder["modelCard"]["modelParameters"] == {"modelArchitecture": "Qwen2ForCausalLM"}
    gguf = models["/weights/mystery-q4.gguf"]
    assert gguf["modelCard"]["modelParameters"] == {"modelArchitecture": "qwen2"}  # GGUF general.architecture
