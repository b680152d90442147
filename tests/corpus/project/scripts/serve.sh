#!/usr/bin/env bash
set -euo pipefail
MODEL="${MODEL:-meta-llama/Llama-3.1-8B-Instruct}"
python -m sglang.launch_server \
	--model-path mistralai/Mistral-7B-Instruct-v0.3 \
	--dataset Qwen/some-eval-set \
	--port 30000 &
ollama pull qwen2.5:7b && ollama run deepseek-r1:8b "hi"
docker run --gpus all -e MODEL_NAME=internlm/internlm2-chat-20b ghcr.io/huggingface/text-generation-inference:2.4 --model-id tiiuae/falcon-7b-instruct
llama-server -hf bartowski/Qwen2.5-Coder-7B-Instruct-GGUF:Q4_K_M --port 8080
lmdeploy serve api_server OpenGVLab/InternVL2-8B --server-port 23333
git clone https://github.com/QwenLM/Qwen2.5.git
python train.py --model gpt-4o --model_name_or_path someorg/custom-7b-sft
# vllm serve Qwen/commented-out
hf download unsloth/DeepSeek-R1-GGUF --include "*Q2_K*" --local-dir ./r1
huggingface-cli download HuggingFaceH4/ultrachat_200k --repo-type dataset
