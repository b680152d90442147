"""Shell scripts, Dockerfiles and Makefiles: flags, command forms, continuations, what is not a model."""

from __future__ import annotations

from scanner.extract.shell import extract_dockerfile, extract_makefile, extract_shell


def refs(result) -> set[tuple[str, int, str]]:
    return {(r.id, r.line, r.ref_type.value) for r in result.references}


def test_model_flags_in_every_spelling(recognizer) -> None:
    script = (
        "python train.py --model_name_or_path acme/llm-7b\n"
        "python serve.py --model-id=Qwen/Qwen2.5-7B-Instruct\n"
        "text-generation-launcher --model-id tiiuae/falcon-7b-instruct --port 80\n"
        "python -m sglang.launch_server --model-path 'mistralai/Mistral-7B-Instruct-v0.3'\n"
        'swift infer --model "Qwen/Qwen2.5-VL-7B-Instruct" --infer_backend vllm\n'
        "llama-server -hf bartowski/Qwen2.5-7B-Instruct-GGUF:Q4_K_M\n"
        "vllm serve meta-llama/Llama-3.1-8B --lora-modules sql=someone/sql-lora\n"
    )
    assert refs(extract_shell(script, "run.sh", recognizer)) == {
        ("acme/llm-7b", 1, "hub_model"),
        ("Qwen/Qwen2.5-7B-Instruct", 2, "hub_model"),
        ("tiiuae/falcon-7b-instruct", 3, "hub_model"),
        ("mistralai/Mistral-7B-Instruct-v0.3", 4, "hub_model"),
        ("Qwen/Qwen2.5-VL-7B-Instruct", 5, "modelscope_model"),  # ms-swift: ModelScope unless --use_hf
        ("bartowski/Qwen2.5-7B-Instruct-GGUF", 6, "hub_model"),
        ("meta-llama/Llama-3.1-8B", 7, "hub_model"),
        ("someone/sql-lora", 7, "hub_model"),
    }


def test_command_forms_take_a_positional_model(recognizer) -> None:
    script = (
        "vllm serve acme-labs/private-13b --port 8000\n"
        "ollama pull qwen2.5:7b && ollama run deepseek-r1:8b 'hello'\n"
        "ollama run llama3.2\n"
        "huggingface-cli download someorg/finetune-x --local-dir ./x\n"
        "hf download THUDM/glm-4-9b-chat\n"
        "lmdeploy serve api_server OpenGVLab/InternVL2-8B --server-port 23333\n"
        "modelscope download --model ZhipuAI/glm-4-9b-chat --local_dir ./glm\n"
    )
    assert refs(extract_shell(script, "run.sh", recognizer)) == {
        ("acme-labs/private-13b", 1, "hub_model"),
        ("qwen2.5:7b", 2, "ollama_model"),
        ("deepseek-r1:8b", 2, "ollama_model"),
        ("llama3.2:latest", 3, "ollama_model"),
        ("someorg/finetune-x", 4, "hub_model"),
        ("THUDM/glm-4-9b-chat", 5, "hub_model"),
        ("OpenGVLab/InternVL2-8B", 6, "hub_model"),
        ("ZhipuAI/glm-4-9b-chat", 7, "modelscope_model"),
    }


def test_continuations_crlf_tabs_and_comments_keep_physical_lines(recognizer) -> None:
    script = (
        "#!/bin/bash\r\n"
        "# vllm serve Qwen/commented-out\r\n"
        "python -m vllm.entrypoints.openai.api_server \\\r\n"
        "\t--tensor-parallel-size 2 \\\r\n"
        "\t--model  deepseek-ai/DeepSeek-V3 \\\r\n"
        "\t--served-model-name dsv3   # the API name\r\n"
        'echo "done"  # Qwen/also-commented\r\n'
    )
    result = extract_shell(script, "serve.sh", recognizer)
    assert refs(result) == {("deepseek-ai/DeepSeek-V3", 5, "hub_model")}
    (ref,) = result.references
    assert ref.column == len("\t--model  ") + 1


def test_environment_assignments_and_defaults(recognizer) -> None:
    script = (
        'MODEL="${MODEL:-meta-llama/Llama-3.1-8B-Instruct}"\n'
        "export EMBEDDING_MODEL=BAAI/bge-m3\n"
        "CUDA_VISIBLE_DEVICES=0 BASE_MODEL=acme/base-7b python train.py\n"
        "OLLAMA_MODEL=qwen2.5-coder:7b ./run\n"
        "OUTPUT=outputs/qwen\n"
        "DATASET=Qwen/not-a-model\n"
    )
    assert refs(extract_shell(script, "env.sh", recognizer)) == {
        ("meta-llama/Llama-3.1-8B-Instruct", 1, "hub_model"),
        ("BAAI/bge-m3", 2, "hub_model"),
        ("acme/base-7b", 3, "hub_model"),
        ("qwen2.5-coder:7b", 4, "ollama_model"),
    }


def test_not_models(recognizer) -> None:
    script = (
        "python train.py --model gpt-4o --dataset Qwen/some-eval-set\n"
        "python eval.py --model=deepseek-chat --dataset_name=THUDM/LongBench\n"
        "docker run --gpus all -v /data:/data nvidia/cuda:12.4.1-runtime nvidia-smi\n"
        "docker pull qwenllm/qwen\n"
        "git clone https://github.com/QwenLM/Qwen2.5.git\n"
        "hf download HuggingFaceH4/ultrachat_200k --repo-type dataset\n"
        "cp ./models/Qwen/Qwen2.5-7B/config.json /tmp/x.json\n"
        "python -c 'import torch.nn'\n"
        "ollama create mymodel -f Modelfile\n"
        "huggingface-cli download Qwen/Qwen2.5-7B --local-dir Qwen/local-copy\n"
    )
    # a hosted API's model name in a model flag is a hosted_model reference, not a hub id
    assert refs(extract_shell(script, "run.sh", recognizer)) == {
        ("gpt-4o", 1, "hosted_model"),
        ("deepseek-chat", 2, "hosted_model"),
        ("Qwen/Qwen2.5-7B", 10, "hub_model"),
    }


def test_docker_run_image_is_not_a_model_but_its_command_is_read(recognizer) -> None:
    script = (
        "docker run --gpus all -e MODEL_NAME=internlm/internlm2-chat-20b -p 8080:80 "
        "ghcr.io/huggingface/text-generation-inference:2.4 --model-id tiiuae/falcon-7b-instruct\n"
    )
    assert refs(extract_shell(script, "run.sh", recognizer)) == {
        ("internlm/internlm2-chat-20b", 1, "hub_model"),
        ("tiiuae/falcon-7b-instruct", 1, "hub_model"),
    }


def test_images_built_tagged_and_pushed_are_not_models_but_build_args_are_read(recognizer) -> None:
    """`docker build -t`, `docker tag`, `docker push` name images, even when their names read as a model's
    (`chatgpt-on-wechat`); a `--build-arg` is a setting like `-e`."""
    script = (
        "docker build --build-arg MODEL_ID=Qwen/Qwen2.5-7B -t zhayu/chatgpt-on-wechat .\n"
        "docker tag zhayu/chatgpt-on-wechat zhayu/chatgpt-on-wechat:$(date +%y%m%d) && ollama pull qwen3:8b\n"
        "podman push zhayu/llama-chat-server:v1\n"
    )
    assert refs(extract_shell(script, "docker/build.sh", recognizer)) == {
        ("Qwen/Qwen2.5-7B", 1, "hub_model"),
        ("qwen3:8b", 2, "ollama_model"),
    }


def test_pip_and_npm_installs_are_requirements(recognizer) -> None:
    script = (
        'pip install -q "dashscope>=1.20" transformers==4.46.0 requests\nnpm install @anthropic-ai/sdk@0.30 react\n'
    )
    result = extract_shell(script, "setup.sh", recognizer)
    found = {(r.id, r.line, r.ref_type.value, r.version_spec) for r in result.references}
    assert ("dashscope", 1, "sdk_package", ">=1.20") in found
    assert ("transformers", 1, "loader_package", "==4.46.0") in found
    assert ("@anthropic-ai/sdk", 2, "sdk_package", "0.30") in found
    assert len(found) == 3


def test_heredoc_modelfile_and_known_ids_in_free_text(recognizer) -> None:
    script = (
        "ollama create assistant -f - <<EOF\n"
        "FROM qwen2.5:14b\n"
        "PARAMETER temperature 0.2\n"
        "EOF\n"
        "curl -L -o m.gguf https://huggingface.co/TheBloke/Llama-2-7B-GGUF/resolve/main/llama-2-7b.Q4_K_M.gguf\n"
        "curl https://api.deepseek.com/chat/completions -d @req.json\n"
    )
    assert refs(extract_shell(script, "run.sh", recognizer)) == {
        ("qwen2.5:14b", 2, "ollama_model"),
        ("TheBloke/Llama-2-7B-GGUF", 5, "hub_model"),
        ("api.deepseek.com", 6, "api_endpoint"),
    }


def test_dockerfile(recognizer) -> None:
    dockerfile = (
        "# syntax=docker/dockerfile:1\n"
        "FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04 AS base\n"
        "FROM python:3.11\n"
        "ARG MODEL_ID=Qwen/Qwen2.5-7B-Instruct\n"
        "ENV HF_HOME=/models \\\n"
        "    DRAFT_MODEL=Qwen/Qwen2.5-0.5B-Instruct\n"
        "ENV TOKENIZER acme/tok\n"
        "RUN --mount=type=cache,target=/root/.cache pip install dashscope && \\\n"
        "    huggingface-cli download THUDM/glm-4-9b-chat \\\n"
        "    # a comment inside a continuation\n"
        "        --local-dir /models/glm\n"
        "COPY models/Qwen/Qwen2.5-7B /models\n"
        'CMD ["vllm", "serve", "acme-corp/internal-llm-13b", "--port", "8000"]\n'
        'ENTRYPOINT ["sh", "-c", "ollama serve & ollama pull qwen3:8b"]\n'
    )
    assert refs(extract_dockerfile(dockerfile, "Dockerfile", recognizer)) == {
        ("Qwen/Qwen2.5-7B-Instruct", 4, "hub_model"),
        ("Qwen/Qwen2.5-0.5B-Instruct", 6, "hub_model"),
        ("acme/tok", 7, "hub_model"),
        ("dashscope", 8, "sdk_package"),
        ("THUDM/glm-4-9b-chat", 9, "hub_model"),
        ("acme-corp/internal-llm-13b", 13, "hub_model"),
        ("qwen3:8b", 14, "ollama_model"),
    }


def test_makefile(recognizer) -> None:
    makefile = (
        "MODEL ?= Qwen/Qwen3-8B\n"
        "IMAGE := vllm/vllm-openai:latest\n"
        "serve:\n"
        "\t@vllm serve $(MODEL) --port 8000 \\\n"
        "\t\t--served-model-name qwen3\n"
        "bench:\n"
        "\t-python bench.py --model_name_or_path acme/bench-7b --dataset_name openai/gsm8k\n"
    )
    assert refs(extract_makefile(makefile, "Makefile", recognizer)) == {
        ("Qwen/Qwen3-8B", 1, "hub_model"),
        ("acme/bench-7b", 7, "hub_model"),
    }


def test_ms_swift_downloads_from_modelscope_unless_told_use_hf(recognizer) -> None:
    # ms-swift's `use_hf` defaults to False: models come from ModelScope (swift.readthedocs.io, command-line
    # parameters); `--use_hf true|1` or USE_HF=1 switch to the Hugging Face Hub
    script = (
        "CUDA_VISIBLE_DEVICES=0 \\\n"
        "swift sft \\\n"
        "    --model Qwen/Qwen2-VL-7B-Instruct \\\n"
        "    --dataset 'AI-ModelScope/coco#20000'\n"
        "swift infer --model Qwen/Qwen3-4B --use_hf true\n"
        "USE_HF=1 swift deploy --model deepseek-ai/DeepSeek-R1-Distill-Qwen-7B\n"
        "swift upload my-container Qwen/Qwen3-8B.tar\n"  # OpenStack Swift: not a model command
    )
    assert refs(extract_shell(script, "train.sh", recognizer)) == {
        ("Qwen/Qwen2-VL-7B-Instruct", 3, "modelscope_model"),
        ("Qwen/Qwen3-4B", 5, "hub_model"),
        ("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", 6, "hub_model"),
    }


def test_pip_global_options_before_install(recognizer) -> None:
    dockerfile = (
        "FROM python:3.11-slim\n"
        "RUN pip3 --disable-pip-version-check install torch==2.6.0+cpu --index-url https://download.pytorch.org/whl/cpu\n"
        "RUN pip --proxy http://proxy:3128 install transformers huggingface_hub --target=/deps\n"
        "RUN pip --no-cache-dir download vllm -d /wheels\n"  # downloaded, not installed
    )
    found = refs(extract_dockerfile(dockerfile, "Dockerfile", recognizer))
    assert found == {("torch", 2, "loader_package"), ("transformers", 3, "loader_package")}


def test_sh_c_scripts_are_shell(recognizer) -> None:
    script = (
        'docker exec ollama sh -c "ollama pull qwen2.5:7b && ollama serve"\n'
        "docker run --rm --entrypoint /bin/sh ollama/ollama:latest -c 'ollama pull deepseek-r1:8b'\n"
        'bash -lc "vllm serve Qwen/Qwen3-8B --port 8000"\n'
        'grep -c "ollama pull llama3.2" install.log\n'  # grep's -c counts lines: not a script
    )
    assert refs(extract_shell(script, "run.sh", recognizer)) == {
        ("qwen2.5:7b", 1, "ollama_model"),
        ("deepseek-r1:8b", 2, "ollama_model"),
        ("Qwen/Qwen3-8B", 3, "hub_model"),
    }


def test_a_variable_in_a_model_slot_is_its_assignment(recognizer) -> None:
    script = (
        "M=acme-labs/private-13b\n"  # an unknown org under a variable name that is not model-like
        "TAG=qwen2.5:14b\n"
        "vllm serve $M --port 8000\n"
        "ollama pull ${TAG}\n"
        "python x.py --model $UNSET\n"
    )
    assert refs(extract_shell(script, "run.sh", recognizer)) == {
        ("acme-labs/private-13b", 1, "hub_model"),
        ("qwen2.5:14b", 2, "ollama_model"),
    }


def test_bare_ollama_library_names_when_the_file_talks_to_ollama(recognizer) -> None:
    with_ollama = (
        "export LLM_MODEL=phi3:medium\nexport EMBEDDING_MODEL=nomic-embed-text\nexport BASE_URL=http://ollama:11434\n"
    )
    assert refs(extract_shell(with_ollama, "up.sh", recognizer)) == {
        ("phi3:medium", 1, "ollama_model"),
        ("nomic-embed-text:latest", 2, "ollama_model"),
    }
    without = "export EMBEDDING_MODEL=nomic-embed-text\nexport LLM_MODEL=my-finetune\n"
    assert refs(extract_shell(without, "up.sh", recognizer)) == set()


def test_a_heredoc_that_is_a_script_is_read_as_shell_and_a_file_body_as_text(recognizer) -> None:
    # `read -d '' CMD <<EOF` keeps a command to run later and `bash <<EOF` runs one: their flags are slots;
    # a file `cat` writes is text, where only ids that read as models on their own count
    text = (
        "read -r -d '' train_cmd <<EOF\n"
        "trainer.cli.sft \\\n"
        "   --save_path ./ckpt \\\n"
        "   --pretrain nlpgroup/Mistral-7B-sft-v2 \\\n"
        "   --dataset nlpgroup/sft-mix\n"
        "EOF\n"
        "deepspeed --module $train_cmd\n"
        "cat <<EOF > notes.yaml\n"
        "owner: nlpgroup/platform\n"
        "EOF\n"
        "ssh gpu01 <<'REMOTE'\n"
        "python serve.py --model_name_or_path nlpgroup/Qwen2-7B-chat-ft\n"
        "REMOTE\n"
    )
    found = {(r.id, r.line, r.ref_type.value) for r in extract_shell(text, "train.sh", recognizer).references}
    assert found == {
        ("nlpgroup/Mistral-7B-sft-v2", 4, "hub_model"),
        ("nlpgroup/Qwen2-7B-chat-ft", 12, "hub_model"),
    }


def test_a_script_given_to_sh_c_over_continued_lines_reports_each_id_where_it_is_written(recognizer) -> None:
    # `srun ... bash -c \` then a double-quoted script continued with backslashes: the ids are on later lines
    text = (
        'srun -w "$node" bash -c \\\n'
        '"pip install -q ray \\\n'
        "&& python3 -m trainer.cli.ppo \\\n"
        "    --actor.model_name_or_path nlpgroup/Llama-3-8b-sft-mix \\\n"
        "    --reward.model_name_or_path nlpgroup/Llama-3-8b-rm-mix \\\n"
        '    --save_path ./ckpt"\n'
        'sh -c "vllm serve \\\n'
        '   nlpgroup/Qwen2-7B-chat-ft --port 8000"\n'
    )
    found = {(r.id, r.line, r.column) for r in extract_shell(text, "ppo.sh", recognizer).references}
    assert found == {
        ("nlpgroup/Llama-3-8b-sft-mix", 4, 32),
        ("nlpgroup/Llama-3-8b-rm-mix", 5, 33),
        ("nlpgroup/Qwen2-7B-chat-ft", 8, 4),
    }
