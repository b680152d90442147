"""When the local model is overloaded, answer through a hosted OpenAI-compatible API."""

import os

from openai import OpenAI

client = OpenAI(
    api_key=os.environ["LLM_API_KEY"],
    base_url="https://api.deepseek.com/v1",
)


def answer(question: str) -> str:
    reply = client.chat.completions.create(
        model="deepseek-chat",
        messages=[{"role": "user", "content": question}],
    )
    return reply.choices[0].message.content


def summarize_with_qwen_cloud(text: str) -> str:
    import dashscope

    response = dashscope.Generation.call(model="qwen-plus", prompt=text)
    return response.output.text
