import OpenAI from "openai";
import { pipeline, env } from '@huggingface/transformers';
import ollama from 'ollama';

// Moonshot (Kimi) through the OpenAI SDK — 月之暗面
const kimi = new OpenAI({ baseURL: "https://api.moonshot.cn/v1", apiKey: process.env.MOONSHOT_API_KEY });
/* const legacy = pipeline('x', 'Xenova/commented-out'); */
export async function embed(text: string) {
  const extractor = await pipeline('feature-extraction', 'Xenova/all-MiniLM-L6-v2');
  return extractor(text);
}
export async function chat(q: string) {
  const r = await kimi.chat.completions.create({ model: "kimi-k2-0711-preview", messages: [{ role: "user", content: q }] });
  const local = await ollama.chat({
    model: 'qwen3:8b',
    messages: [{ role: 'user', content: q }],
  });
  return [r, local];
}
const REPO = "https://github.com/QwenLM/Qwen3";
export const RERANK_MODEL = `jinaai/jina-reranker-v2-base-multilingual`;
