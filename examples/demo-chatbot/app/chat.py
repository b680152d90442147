"""Chat backend: an open-weight model served in-process."""

import os

from transformers import AutoModelForCausalLM, AutoTokenizer

CHAT_MODEL = os.environ.get("CHAT_MODEL", "Qwen/Qwen-7B-Chat")


def load():
    # Qwen (v1) ships its modeling code in the repo, so it needs trust_remote_code.
    tokenizer = AutoTokenizer.from_pretrained(CHAT_MODEL, trust_remote_code=True)
    model = AutoModelForCausalLM.from_pretrained(
        CHAT_MODEL,
        trust_remote_code=True,
        device_map="auto",
    )
    return tokenizer, model
