"""RAG service. Docs mention Qwen/Qwen2.5-72B-Instruct but that is not a dependency."""
import os

import dashscope  # Alibaba DashScope SDK
from openai import OpenAI
from sentence_transformers import SentenceTransformer
from transformers import AutoModelForCausalLM, AutoTokenizer
from datasets import load_dataset
import torch.nn as nn

ORG = "deepseek-ai"
GEN_MODEL = os.environ.get("GEN_MODEL", f"{ORG}/DeepSeek-R1-Distill-Qwen-7B")
EMBEDDER = SentenceTransformer("BAAI/bge-m3")  # embeddings: BAAI (CN)
corpus = load_dataset("Qwen/not-a-model-dataset", split="train")

client = OpenAI(
    base_url="https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
    api_key=os.environ["DASHSCOPE_API_KEY"],
)


def answer(q: str) -> str:
    tok = AutoTokenizer.from_pretrained(GEN_MODEL)
    model = AutoModelForCausalLM.from_pretrained(GEN_MODEL, trust_remote_code=True, revision="main")
    reply = client.chat.completions.create(model="qwen-plus", messages=[{"role": "user", "content": q}])
    # model = AutoModel.from_pretrained("THUDM/commented-out")
    return reply.choices[0].message.content or ""


class Head(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.proj = nn.Linear(1024, 1)  # 'torch.nn' is a module, not a model
