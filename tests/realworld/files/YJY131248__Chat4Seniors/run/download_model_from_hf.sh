modelscope download --model AI-ModelScope/Mistral-7B-Instruct-v0.2 --local_dir ../model/base_models/Mistral-7B-Instruct-v0.2
modelscope download --model LLM-Research/Meta-Llama-3-8B --local_dir ../model/base_models/Llama-3-8B
modelscope download --model Qwen/Qwen2.5-7B-Instruct --local_dir ../model/base_models/Qwen2.5-7B-Instruct
modelscope download --model baichuan-inc/Baichuan2-7B-Base --local_dir ../model/base_models/Baichuan2-7B-Base
modelscope download --model 01ai/Yi-1.5-6B --local_dir ../model/base_models/Yi-1.5-6B