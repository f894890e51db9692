# STAND-IN for TensorRT-LLM's examples/.../<family>/convert_checkpoint.py (a test double, a shell script
# run by the stand-in python3; it is NOT TensorRT-LLM). The family is the name of its directory. It checks
# its arguments as that family's argparse does (TRTLLM_VERIFIED.md 2.2: Gemma's own flags; no
# --int8_kv_cache for Phi and Falcon; Phi asserts pp_size == 1), fails as the real script fails on a
# missing checkpoint, and writes a TensorRT-LLM checkpoint directory: config.json with the mapping, and one
# rank<N>.safetensors per rank. STANDIN_CONVERT_SECONDS: seconds to take.
prog=convert_checkpoint.py
family=$(basename "$(dirname "$0")")
usage() { echo "usage: $prog [-h] ..." >&2; }
die() { usage; echo "$prog: error: $1" >&2; exit 2; }
int() { case "$2" in '' | *[!0-9]*) die "argument $1: invalid int value: '$2'" ;; esac; }
dtypes="float32 bfloat16 float16 auto"
choice() { # flag value choices...
  f=$1; v=$2; shift 2
  for c in "$@"; do [ "$c" = "$v" ] && return 0; done
  die "argument $f: invalid choice: '$v' (choose from $(printf "'%s', " "$@" | sed 's/, $//'))"
}
model_dir=""; output_dir="tllm_checkpoint"; dtype=auto; tp=1; pp=1; woq=""; precision=int8; kv=""; ckpt=""
unknown=""
while [ $# -gt 0 ]; do
  if [ "$family" = gemma ]; then
    case "$1" in
      --ckpt-type) choice "$1" "$2" jax keras torch hf; ckpt=$2; shift ;;
      --model-dir) model_dir=$2; shift ;;
      --output-model-dir) output_dir=$2; shift ;;
      --world-size) int "$1" "$2"; tp=$2; shift ;;
      --dtype) choice "$1" "$2" $dtypes; dtype=$2; shift ;;
      --use-weight-only-with-precision) choice "$1" "$2" int8 int4 w4a8_awq w4a16_awq; woq=1; precision=$2; shift ;;
      --int8_kv_cache | -kv | --calibrate_kv_cache) kv=INT8 ;;
      *) unknown="$unknown $1" ;;
    esac
  else
    case "$1" in
      --model_dir) model_dir=$2; shift ;;
      --output_dir) output_dir=$2; shift ;;
      --dtype) choice "$1" "$2" $dtypes; dtype=$2; shift ;;
      --tp_size) int "$1" "$2"; tp=$2; shift ;;
      --pp_size) int "$1" "$2"; pp=$2; shift ;;
      --use_weight_only) woq=1 ;;
      --weight_only_precision) choice "$1" "$2" int8 int4; precision=$2; shift ;;
      --int8_kv_cache)
        case "$family" in phi | falcon) unknown="$unknown $1" ;; *) kv=INT8 ;; esac ;;
      *) unknown="$unknown $1" ;;
    esac
  fi
  shift
done
# argparse reports what it did not recognise after parsing everything else.
[ -z "$unknown" ] || die "unrecognized arguments:$unknown"
if [ "$family" = gemma ]; then
  [ -n "$model_dir" ] || die "the following arguments are required: --model-dir"
  if [ -z "$ckpt" ]; then
    echo "Traceback (most recent call last):" >&2
    echo "  File \"$0\", line 300, in <module>" >&2
    echo "KeyError: None" >&2
    exit 1
  fi
fi
if [ "$family" = phi ] && [ "$pp" != 1 ]; then
  echo "Traceback (most recent call last):" >&2
  echo "AssertionError: Pipeline parallelism is not supported." >&2
  exit 1
fi
echo "[TRT-LLM] [I] stand-in $family convert_checkpoint.py (test double, TensorRT-LLM ${STANDIN_TRTLLM_VERSION:-?}): $model_dir -> $output_dir, tp $tp pp $pp"
if [ ! -f "$model_dir/config.json" ]; then
  echo "Traceback (most recent call last):" >&2
  echo "  File \"$0\", line 580, in <module>" >&2
  echo "FileNotFoundError: [Errno 2] No such file or directory: '$model_dir/config.json'" >&2
  exit 1
fi
sleep "${STANDIN_CONVERT_SECONDS:-0}"
case "$family" in
  llama) arch=LlamaForCausalLM ;; qwen) arch=QWenForCausalLM ;; gpt) arch=GPTForCausalLM ;;
  gemma) arch=GemmaForCausalLM ;; phi) arch=PhiForCausalLM ;; falcon) arch=FalconForCausalLM ;; *) arch=Unknown ;;
esac
world=$((tp * pp))
quant=null
[ -n "$woq" ] && quant="\"W$(echo "$precision" | sed 's/int//')A16\""
kvq=null
[ -n "$kv" ] && kvq="\"$kv\""
mkdir -p "$output_dir"
cat >"$output_dir/config.json" <<JSON
{
    "architecture": "$arch",
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
