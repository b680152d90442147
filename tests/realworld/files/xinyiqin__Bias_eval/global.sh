#!/bin/bash

# gpt
export OPENAI_API_VERSION=""
export OPENAI_BASE=""
export OPENAI_API_KEY=''
export OPENAI_BASE=''
export OPENAI_API_KEY=''

# minimax
export MINIMAX_API_KEY=""
export MINIMAX_GROUP_ID=""

# zhipu
export ZHIPU_API_KEY=""
export ZHIPU_API_KEY=""

# ernie
export ERNIE_API_TYPE="qianfan"
export ERNIE_AK=""
export ERNIE_SK=""

# sensechat
export SENSECHAT_KEY_ID=''
export SENSECHAT_SECRET_KEY=''

# qwen
export DASHSCOPE_API_KEY=''

# open-source models api adress
export OPEN_SOURCE_API_BASE=''
