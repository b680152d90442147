# https://github.com/zhipuai/zhipuai-sdk-python-v4
# 同步调用的例子
from zhipuai import ZhipuAI
client = ZhipuAI(api_key="REDACTED.REDACTED") 
response = client.chat.completions.create(
    model="glm-4",  # 填写需要调用的模型名称
    messages=[
        {"role": "user", "content": "你好"},
        {"role": "assistant", "content": "我是人工智能助手"},
        {"role": "user", "content": "你叫什么名字"},
        {"role": "assistant", "content": "我叫chatGLM"},
        {"role": "user", "content": "你都可以做些什么事"}
    ],
)
print(response.choices[0].message)
