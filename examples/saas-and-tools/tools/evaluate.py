"""An evaluation script run by the team (internal)."""

from transformers import AutoModelForCausalLM

judge = AutoModelForCausalLM.from_pretrained("moonshotai/Kimi-K2-Instruct")
