python evaluation.py \
  --model OLAIR/ko-r1-1.5b-preview \
  --dataset HRB1_0 \
  --temperature 0.7 \
  --top_p 0.9 


python evaluation.py \
  --model OLAIR/ko-r1-1.5b-preview \
  --dataset HRM_MATH \
  --temperature 0.7 \
  --top_p 0.9 


python evaluation.py \
  --model Qwen/Qwen2.5-1.5B-Instruct \
  --dataset HRB1_0 \
  --temperature 0.7 \
  --top_p 0.9 


python evaluation.py \
  --model Qwen/Qwen2.5-1.5B-Instruct \
  --dataset HRM_MATH \
  --temperature 0.7 \
  --top_p 0.9 


  
