# STAND-IN for TensorRT-LLM's examples/models/core/llama/convert_checkpoint.py (a test double, a shell script
# run by the stand-in python3; it is NOT TensorRT-LLM). It checks its arguments as argparse would, fails as
# the real script fails on a missing checkpoint, and writes a TensorRT-LLM checkpoint directory: config.json
# with the mapping, and one rank<N>.safetensors per rank. STANDIN_CONVERT_SECONDS: seconds to take.
prog=convert_checkpoint.py
usage() { echo "usage: $prog [-h] [--model_dir MODEL_DIR] [--output_dir OUTPUT_DIR] [--dtype {float32,bfloat16,float16}] [--tp_size TP_SIZE] [--pp_size PP_SIZE] ..." >&2; }
die() { usage; echo "$prog: error: $1" >&2; exit 2; }
int() { case "$2" in '' | *[!0-9]*) die "argument $1: invalid int value: '$2'" ;; esac; }
model_dir=""; output_dir="tllm_checkpoint"; dtype=auto; tp=1; pp=1; woq=""; precision=int8; kv=""
while [ $# -gt 0 ]; do
  case "$1" in
    --model_dir) model_dir=$2; shift ;;
    --output_dir) output_dir=$2; shift ;;
    --dtype) case "$2" in float32 | bfloat16 | float16 | auto) dtype=$2 ;; *) die "argument --dtype: invalid choice: '$2' (choose from 'auto', 'float16', 'bfloat16', 'float32')" ;; esac; shift ;;
    --tp_size) int "$1" "$2"; tp=$2; shift ;;
    --pp_size) int "$1" "$2"; pp=$2; shift ;;
    --use_weight_only) woq=1 ;;
    --weight_only_precision) case "$2" in int8 | int4 | int4_gptq) precision=$2 ;; *) die "argument --weight_only_precision: invalid choice: '$2' (choose from 'int8', 'int4', 'int4_gptq')" ;; esac; shift ;;
    --int8_kv_cache) kv=INT8 ;;
    *) die "unrecognized arguments: $1" ;;
  esac
  shift
done
echo "[TRT-LLM] [I] stand-in convert_checkpoint.py (test double): $model_dir -> $output_dir, tp $tp pp $pp"
if [ ! -f "$model_dir/config.json" ]; then
  echo "Traceback (most recent call last):" >&2
  echo "  File \"$0\", line 580, in <module>" >&2
  echo "FileNotFoundError: [Errno 2] No such file or directory: '$model_dir/config.json'" >&2
  exit 1
fi
sleep "${STANDIN_CONVERT_SECONDS:-0}"
world=$((tp * pp))
quant=null
[ -n "$woq" ] && quant="\"W$(echo "$precision" | sed 's/int//')A16\""
kvq=null
[ -n "$kv" ] && kvq="\"$kv\""
mkdir -p "$output_dir"
cat >"$output_dir/config.json" <<JSON
{
    "architecture": "LlamaForCausalLM",
    "dtype": "$dtype",
    "vocab_size": 32000,
    "hidden_size": 4096,
    "num_hidden_layers": 32,
    "num_attention_heads": 32,
    "mapping": { "world_size": $world, "tp_size": $tp, "pp_size": $pp },
    "quantization": { "quant_algo": $quant, "kv_cache_quant_algo": $kvq }
}
JSON
r=0
while [ $r -lt $world ]; do
  echo "stand-in weights, rank $r" >"$output_dir/rank$r.safetensors"
  r=$((r + 1))
done
echo "[TRT-LLM] [I] Total time of converting checkpoints: 00:00:00"
