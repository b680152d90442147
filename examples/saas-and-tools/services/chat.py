"""The customer-facing chat service (hosted: distribution saas)."""

from transformers import AutoModelForCausalLM

chat = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-3.1-8B-Instruct")
translator = AutoModelForCausalLM.from_pretrained("tencent/Hunyuan-A13B-Instruct")
