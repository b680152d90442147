"""Ollama Modelfiles: FROM/ADAPTER as Ollama tags, hf.co ids or model files; text blocks ignored."""

from __future__ import annotations

from scanner.extract.modelfile import extract_modelfile


def refs(text: str, recognizer, path: str = "ollama/Modelfile") -> set[tuple[str, int, str]]:
    return {(r.id, r.line, r.ref_type.value) for r in extract_modelfile(text, path, recognizer).references}


def test_tags_hub_ids_and_files(recognizer) -> None:
    assert refs("FROM qwen2.5:7b\n", recognizer) == {("qwen2.5:7b", 1, "ollama_model")}
    assert refs("from llama3.1\n", recognizer) == {("llama3.1:latest", 1, "ollama_model")}
    assert refs("FROM hf.co/bartowski/Qwen2.5-7B-Instruct-GGUF:Q4_K_M\n", recognizer) == {
        ("bartowski/Qwen2.5-7B-Instruct-GGUF", 1, "hub_model")
    }
    assert refs("FROM someuser/custom-model:v2\n", recognizer) == {("someuser/custom-model:v2", 1, "ollama_model")}
    assert refs("# comment\r\nFROM ./weights/q.gguf\r\nADAPTER ../lora/a.safetensors\r\n", recognizer) == {
        ("ollama/weights/q.gguf", 2, "model_file"),
        ("lora/a.safetensors", 3, "model_file"),
    }
    assert refs('FROM "/srv/models/x.gguf"\n', recognizer) == {("/srv/models/x.gguf", 1, "model_file")}


def test_template_system_and_license_text_is_not_read(recognizer) -> None:
    text = (
        "FROM deepseek-r1:14b\n"
        'TEMPLATE """{{ .System }}\n'
        "FROM qwen2.5:7b\n"
        'Qwen/Qwen2.5-7B"""\n'
        "SYSTEM You are built on Qwen/Qwen2.5-72B.\n"
        "PARAMETER stop <|im_end|>\n"
    )
    assert refs(text, recognizer) == {("deepseek-r1:14b", 1, "ollama_model")}
