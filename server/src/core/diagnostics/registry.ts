import type { Severity } from './types';

interface CodeInfo {
  severity: Severity;
  /** One line for DIAGNOSTICS.md and hover on the code. */
  summary: string;
}

/**
 * Every diagnostic code the product emits, with its default severity. Codes are stable strings:
 * tools and users' settings refer to them, so never rename one; add a new code instead.
 * DIAGNOSTICS.md has one row per code (a test keeps the two in step).
 */
export const CODES = {
  'syntax/invalid-character': {
    severity: 'error',
    summary: 'A control character, or a non-ASCII character outside a string.',
  },
  'syntax/invalid-string': {
    severity: 'error',
    summary: 'A string literal that is not closed on its line, or has an invalid escape sequence.',
  },
  'syntax/invalid-number': {
    severity: 'error',
    summary: 'A malformed number: `09`, `0x` without digits, `1e` without exponent, `8x` with no space.',
  },
  'syntax/expected-field-name': {
    severity: 'error',
    summary: 'Something other than a field name where a field must start.',
  },
  'syntax/expected-token': {
    severity: 'error',
    summary: 'A bracket, comma or `]` missing or mismatched (`{ ... >`, `[1 2]`).',
  },
  'syntax/unclosed-bracket': {
    severity: 'error',
    summary: 'A `{` or `<` that is still open at the end of the file.',
  },
  'schema/unknown-field': {
    severity: 'error',
    summary: 'The message has no field of this name (names are case-sensitive).',
  },
  'schema/unknown-extension': {
    severity: 'error',
    summary: 'An `[extension]` or `[type.url/Name]` field name; ModelConfig has no extensions or Any fields.',
  },
  'schema/duplicate-field': {
    severity: 'error',
    summary: 'A non-repeated field given again after it was set to a non-default value.',
  },
  'schema/oneof-conflict': {
    severity: 'error',
    summary: 'Two members of one oneof, e.g. `dynamic_batching` and `sequence_batching`.',
  },
  'schema/wrong-type': {
    severity: 'error',
    summary:
      'A value that does not fit the field: a string for a number, a message for a scalar, a missing `:`.',
  },
  'schema/integer-out-of-range': {
    severity: 'error',
    summary: 'An integer outside the field type (int32, uint32, int64, uint64) or not valid octal.',
  },
  'schema/negative-unsigned': {
    severity: 'error',
    summary: 'A negative number for an unsigned field (uint32/uint64).',
  },
  'schema/unknown-enum-value': {
    severity: 'error',
    summary: 'An enum name that does not exist for the field (numbers are accepted).',
  },
  'schema/invalid-bool': {
    severity: 'error',
    summary: 'A boolean written other than true/false/True/False/t/f/1/0.',
  },
  'schema/parameter-value-shape': {
    severity: 'error',
    summary: 'A `parameters` value written as a string; it must be `value: { string_value: "..." }`.',
  },
  'triton/name-mismatch': {
    severity: 'error',
    summary: 'The config `name` differs from the model directory name (NAME-DIR-MISMATCH).',
  },
  'triton/negative-max-batch-size': {
    severity: 'error',
    summary: '`max_batch_size` below 0 (MBS-NEGATIVE).',
  },
  // Section 6: sequence_batching
  'triton/sequence-batching-with-cache': {
    severity: 'error',
    summary: 'Sequence batching with `response_cache { enable: true }` (SEQ-CACHE).',
  },
  'triton/control-input-without-name': {
    severity: 'error',
    summary: 'A sequence batching `control_input` without a name (SEQ-CTRL-NONAME).',
  },
  'triton/duplicate-control-input': {
    severity: 'error',
    summary: 'Two `control_input` entries with the same name (SEQ-CTRL-DUP-TENSOR).',
  },
  'triton/duplicate-control-kind': {
    severity: 'error',
    summary: 'A sequence control kind used more than once (SEQ-CTRL-DUP-KIND).',
  },
  'triton/control-without-values': {
    severity: 'error',
    summary: 'A START/END/READY control without a false/true value list (SEQ-CTRL-NOVALUE).',
  },
  'triton/control-multiple-value-lists': {
    severity: 'error',
    summary: 'A START/END/READY control with more than one value list (SEQ-CTRL-MULTIVALUE).',
  },
  'triton/control-values-not-two': {
    severity: 'error',
    summary: 'A control value list without exactly 2 entries (SEQ-CTRL-COUNT).',
  },
  'triton/corrid-control-with-values': {
    severity: 'error',
    summary: 'A CONTROL_SEQUENCE_CORRID control with a value list (SEQ-CORRID-VALUE).',
  },
  'triton/corrid-control-data-type': {
    severity: 'error',
    summary:
      'A CONTROL_SEQUENCE_CORRID control whose `data_type` is missing or not allowed (SEQ-CORRID-DTYPE).',
  },
  'triton/oldest-preferred-size-not-positive': {
    severity: 'error',
    summary: 'An `oldest` strategy preferred batch size of 0 or less (SEQ-OLDEST-PREF-POS).',
  },
  'triton/oldest-preferred-size-above-max': {
    severity: 'error',
    summary: 'An `oldest` strategy preferred batch size above `max_batch_size` (SEQ-OLDEST-PREF-MAX).',
  },
  'triton/slot-utilization-out-of-range': {
    severity: 'error',
    summary: '`direct.minimum_slot_utilization` outside [0.0, 1.0] (SEQ-DIRECT-UTIL).',
  },
  'triton/initial-state-count': {
    severity: 'error',
    summary: 'A sequence state with more than one `initial_state` (SEQ-STATE-INIT-COUNT).',
  },
  'triton/initial-state-data-type': {
    severity: 'error',
    summary: "An `initial_state` data type different from its state's (SEQ-STATE-INIT-DTYPE).",
  },
  'triton/initial-state-without-name': {
    severity: 'error',
    summary: 'An `initial_state` without a name (SEQ-STATE-INIT-NAME).',
  },
  'triton/duplicate-state-input': {
    severity: 'error',
    summary: 'Two states with initial values share an `input_name` (SEQ-STATE-DUP-INPUT).',
  },
  'triton/initial-state-rank': {
    severity: 'error',
    summary: "An `initial_state` whose rank differs from its state's (SEQ-STATE-INIT-RANK).",
  },
  'triton/initial-state-variable-dim': {
    severity: 'error',
    summary: 'An `initial_state` with a -1 dimension (SEQ-STATE-INIT-VARDIM).',
  },
  'triton/initial-state-dim-mismatch': {
    severity: 'error',
    summary: "An `initial_state` dimension different from its state's fixed dimension (SEQ-STATE-INIT-DIM).",
  },
  'triton/initial-state-without-data': {
    severity: 'error',
    summary: 'An `initial_state` with neither `zero_data` nor `data_file` (SEQ-STATE-INIT-DATA).',
  },
  'triton/initial-state-file-missing': {
    severity: 'error',
    summary: 'An `initial_state.data_file` not found in `<model>/initial_state/` (SEQ-STATE-INIT-FILE).',
  },
  'triton/growable-state-without-single-buffer': {
    severity: 'error',
    summary: '`use_growable_memory` without `use_same_buffer_for_input_output` (SEQ-STATE-GROWABLE-SINGLE).',
  },
  'triton/growable-state-not-gpu': {
    severity: 'error',
    summary: '`use_growable_memory` with a KIND_CPU or KIND_MODEL instance group (SEQ-STATE-GROWABLE-GPU).',
  },
  'lint/duplicate-sequence-state': {
    severity: 'warning',
    summary:
      'A repeated state `input_name` or `output_name`, which Triton ignores with a warning (SEQ-STATE-DUP-INPUT).',
  },
  'lint/batch-strategy-with-sequence-batcher': {
    severity: 'warning',
    summary: '`TRITON_BATCH_STRATEGY_PATH` with sequence batching, where it is ignored (SEQ-BATCH-STRATEGY).',
  },
  // Section 7: dynamic_batching
  'triton/preferred-batch-size-not-positive': {
    severity: 'error',
    summary: 'A dynamic batching preferred batch size of 0 or less (DB-PREF-POS).',
  },
  'triton/preferred-batch-size-above-max': {
    severity: 'error',
    summary: 'A dynamic batching preferred batch size above `max_batch_size` (DB-PREF-MAX).',
  },
  'triton/default-priority-level-out-of-range': {
    severity: 'error',
    summary: '`default_priority_level` outside [1, priority_levels] (DB-DEFAULT-PRIORITY).',
  },
  'triton/queue-policy-level-out-of-range': {
    severity: 'error',
    summary: 'A `priority_queue_policy` key outside [1, priority_levels] (DB-QUEUE-POLICY-LEVEL).',
  },
  'triton/preserve-ordering-with-priorities': {
    severity: 'error',
    summary: '`preserve_ordering` with more than one priority level (DB-ORDER-PRIORITY).',
  },
  'triton/preserve-ordering-with-delay': {
    severity: 'error',
    summary: '`preserve_ordering` with a DELAY timeout action (DB-ORDER-DELAY).',
  },
  'lint/priority-queue-policy-ignored': {
    severity: 'warning',
    summary:
      '`priority_queue_policy` while `priority_levels` is 0, where Triton ignores it (DB-QUEUE-POLICY-LEVEL).',
  },
  // Section 8: instance_group
  'triton/gpus-on-cpu-group': {
    severity: 'error',
    summary: 'A KIND_CPU instance group that lists GPUs (IG-CPU-GPUS).',
  },
  'triton/gpus-on-model-group': {
    severity: 'error',
    summary: 'A KIND_MODEL instance group that lists GPUs (IG-MODEL-GPUS).',
  },
  'triton/negative-gpu-id': {
    severity: 'error',
    summary: 'A negative GPU id in an instance group (IG-GPU-INVALID-ID).',
  },
  'triton/gpu-id-unavailable': {
    severity: 'warning',
    summary: 'A GPU id the serving machine lacks, given `gpuCount` (IG-GPU-INVALID-ID).',
  },
  'triton/no-gpu-available': {
    severity: 'warning',
    summary: 'A KIND_GPU instance group when `gpuCount` is 0 (IG-GPU-NONE).',
  },
  'triton/unknown-instance-kind': {
    severity: 'error',
    summary: 'A numeric instance group kind outside the enum (IG-KIND-UNKNOWN).',
  },
  'triton/profile-not-tensorrt': {
    severity: 'error',
    summary: 'An instance group `profile` on a platform other than tensorrt_plan (IG-PROFILE-PLATFORM).',
  },
  'triton/invalid-instance-profile': {
    severity: 'error',
    summary: 'An instance group profile that is not a non-negative integer (IG-PROFILE-VALUE).',
  },
  'lint/instance-count-not-positive': {
    severity: 'warning',
    summary: 'An instance group `count` below 1, silently replaced by the default (IG-DEFAULTS).',
  },
  // Section 10: model_warmup
  'lint/warmup-batch-size-zero': {
    severity: 'warning',
    summary: 'A warmup sample with `batch_size` 0 (or none), which Triton skips (WU-BATCH0).',
  },
  'triton/warmup-variable-dims': {
    severity: 'error',
    summary: 'A warmup input with a -1 dimension (WU-VARDIM).',
  },
  'triton/warmup-input-without-data': {
    severity: 'error',
    summary: 'A warmup input with no zero_data, random_data or input_data_file (WU-NO-DATA).',
  },
  'triton/warmup-data-file-missing': {
    severity: 'error',
    summary: 'A warmup `input_data_file` not found in `<model>/warmup/` (WU-FILE).',
  },
  'triton/warmup-data-type-mismatch': {
    severity: 'error',
    summary: "A warmup input data type different from the config input's (WU-REQUEST).",
  },
  'triton/warmup-shape-mismatch': {
    severity: 'error',
    summary: "A warmup input shape that does not fit the config input's dims (WU-REQUEST).",
  },
  'triton/warmup-missing-inputs': {
    severity: 'error',
    summary: 'A warmup sample that leaves out model inputs (WU-REQUEST).',
  },
  // Section 11: model_metrics
  'triton/metric-control-without-identifier': {
    severity: 'error',
    summary: 'A `metric_control` without `metric_identifier` (MET-NO-IDENTIFIER).',
  },
  'triton/metric-family-empty': {
    severity: 'error',
    summary: 'A `metric_identifier` with an empty `family` (MET-EMPTY-FAMILY).',
  },
  'triton/metric-control-without-histogram': {
    severity: 'error',
    summary: 'A `metric_control` without `histogram_options` (MET-NO-HISTOGRAM).',
  },
  'triton/histogram-buckets-empty': {
    severity: 'error',
    summary: '`histogram_options` without buckets (MET-EMPTY-BUCKETS).',
  },
  'lint/metric-family-not-customizable': {
    severity: 'warning',
    summary: 'A metric family Triton cannot customise; it warns and ignores it (MET-UNKNOWN-FAMILY).',
  },
  // Section 12: parameters, response cache, transaction policy
  'triton/response-cache-with-decoupled': {
    severity: 'error',
    summary: 'Response cache enabled on a decoupled model (CACHE-DECOUPLED).',
  },
  // Section 9: ensembles.
  'triton/ensemble-scheduling-not-ensemble': {
    severity: 'error',
    summary: '`ensemble_scheduling` on a model whose platform is not `ensemble` (ENS-NOT-ENSEMBLE-PLATFORM).',
  },
  'triton/ensemble-scheduling-missing': {
    severity: 'error',
    summary: '`platform: "ensemble"` without `ensemble_scheduling` (ENS-SCHED-MISSING).',
  },
  'triton/ensemble-instance-group': {
    severity: 'error',
    summary: 'An ensemble with an `instance_group` (ENS-INSTANCE-GROUP).',
  },
  'triton/ensemble-optimization': {
    severity: 'error',
    summary: 'An ensemble with an `optimization` block, even an empty one (ENS-OPTIMIZATION).',
  },
  'triton/ensemble-warmup': {
    severity: 'error',
    summary: 'An ensemble with `model_warmup` (ENS-WARMUP).',
  },
  'triton/ensemble-no-step': {
    severity: 'error',
    summary: '`ensemble_scheduling` without any `step` (ENS-NO-STEP).',
  },
  'triton/ensemble-step-no-model': {
    severity: 'error',
    summary: 'A step without `model_name` (ENS-STEP-NO-MODEL).',
  },
  'triton/ensemble-step-no-input-map': {
    severity: 'error',
    summary: 'A step without `input_map` (ENS-STEP-NO-INPUT-MAP).',
  },
  'triton/ensemble-step-no-output-map': {
    severity: 'error',
    summary: 'A step without `output_map` (ENS-STEP-NO-OUTPUT-MAP).',
  },
  'lint/duplicate-step-map-key': {
    severity: 'warning',
    summary:
      "A step's `input_map`/`output_map` key given twice: the last entry silently wins (PARSE-MAP-DUP-KEY).",
  },
  'triton/ensemble-output-overmapped': {
    severity: 'error',
    summary:
      'An ensemble tensor written by more than one `output_map` entry (ENS-OUTPUT-OVERMAPPED). Points at both.',
  },
  'triton/ensemble-input-unused': {
    severity: 'error',
    summary:
      "An ensemble input that no step reads (ENS-INPUT-UNUSED). Triton's text has an unbalanced quote.",
  },
  'triton/ensemble-output-unused': {
    severity: 'error',
    summary: 'An ensemble output that no step writes (ENS-OUTPUT-UNUSED).',
  },
  'triton/ensemble-output-not-written': {
    severity: 'error',
    summary:
      'An ensemble output that cannot be computed from the ensemble inputs through the steps (ENS-OUTPUT-NOT-WRITTEN).',
  },
  'triton/ensemble-tensor-unused': {
    severity: 'error',
    summary:
      'An intermediate ensemble tensor that is not reachable from the inputs or that no step reads (ENS-TENSOR-UNUSED).',
  },
  'triton/ensemble-missing-model': {
    severity: 'error',
    summary:
      'A step names a model that is not in the repository or whose config cannot be read (ENS-MISSING-MODEL).',
  },
  'triton/ensemble-circular': {
    severity: 'error',
    summary:
      'Ensembles that use each other, or themselves, through their steps (ENS-CIRCULAR). Points at every edge of the cycle.',
  },
  'triton/ensemble-version-not-loaded': {
    severity: 'error',
    summary:
      "A step's `model_version` that the step model's version policy and version directories do not load (ENS-DEP-VERSION).",
  },
  'triton/ensemble-max-batch-size': {
    severity: 'error',
    summary: "A batching step model whose `max_batch_size` is below the ensemble's (ENS-MBS).",
  },
  'triton/ensemble-unknown-input': {
    severity: 'error',
    summary: 'An `input_map` key that is not an input of the step model (ENS-MAP-BAD-INPUT).',
  },
  'triton/ensemble-unmapped-input': {
    severity: 'error',
    summary:
      "A non-optional input of the step model missing from the step's `input_map` (ENS-MAP-UNMAPPED-INPUT).",
  },
  'triton/ensemble-unknown-output': {
    severity: 'error',
    summary: 'An `output_map` key that is not an output of the step model (ENS-MAP-BAD-OUTPUT).',
  },
  'triton/ensemble-multiple-outputs': {
    severity: 'error',
    summary:
      'Several outputs of the step model (a duplicated output name) mapped to one ensemble tensor (ENS-MAP-MULTI-OUTPUT).',
  },
  'triton/ensemble-data-type-mismatch': {
    severity: 'error',
    summary:
      'Two uses of an ensemble tensor (ensemble IO or step models) disagree on `data_type` (ENS-DTYPE). Points at both.',
  },
  'triton/ensemble-shape-mismatch': {
    severity: 'error',
    summary:
      'Two uses of an ensemble tensor disagree on shape, -1 matching anything and the implicit batch dimension considered (ENS-SHAPE). Points at both.',
  },
  'triton/ensemble-decoupled-fan-in': {
    severity: 'error',
    summary:
      'A step, or the ensemble outputs, fed by tensors from two different decoupled steps (ENS-DECOUPLED).',
  },
  // Section 13: version policy, version directories, model and label files.
  'triton/version-dir-leading-zero': {
    severity: 'warning',
    summary:
      'A version directory with a leading zero (`01`): Triton ignores it with a warning (VER-DIR-LEADING-ZERO).',
  },
  'triton/version-dir-not-numeric': {
    severity: 'warning',
    summary:
      'A sub-directory that is not a version number (other than `warmup`, `initial_state`, `configs`): Triton ignores it with a warning (VER-DIR-NONNUMERIC).',
  },
  'triton/specific-version-missing': {
    severity: 'warning',
    summary:
      'A `specific` version without its directory; Triton logs it and loads the others (VER-SPECIFIC-MISSING).',
  },
  'triton/no-version-available': {
    severity: 'error',
    summary: 'The version policy selects no existing version directory (VER-NONE).',
  },
  'triton/config-missing': {
    severity: 'error',
    summary:
      'A sub-directory of the repository without `config.pbtxt` that Triton cannot load: auto-complete off, no backend to be found (PLAT-CUSTOM-NAME), or a backend that generates no configuration (REPO-CONFIG-MISSING). Reported on the directory.',
  },
  'triton/config-auto-completed': {
    severity: 'warning',
    summary:
      'A sub-directory of the repository without `config.pbtxt` whose backend (from a model file or the directory name) may generate the configuration with auto-complete on: nothing of it can be checked. Reported on the directory.',
  },
  'triton/model-file-missing': {
    severity: 'warning',
    summary:
      'A loaded version directory lacks the file its backend loads (`model.plan`, `model.onnx`, `model.pt`, `model.py`, `default_model_filename`, ...). A warning: the backend decides (VER-MODEL-FILE).',
  },
  'triton/label-file-outside-model': {
    severity: 'error',
    summary: "An output's `label_filename` that leaves the model directory (IO-LABEL-ESCAPE).",
  },
  'triton/label-file-missing': {
    severity: 'error',
    summary: "An output's `label_filename` that does not exist in the model directory (IO-LABEL-MISSING).",
  },
  // Section 2: name / platform / backend / runtime (with the section 15 autofill)
  'triton/cannot-determine-backend': {
    severity: 'error',
    summary:
      'No platform, backend, default_model_filename or model file, and no `model.<backend>` directory name (PLAT-CUSTOM-NAME).',
  },
  'triton/unknown-platform': {
    severity: 'error',
    summary:
      'After autofill the model has no backend and is not an ensemble, e.g. a platform typo (PLAT-UNKNOWN).',
  },
  'triton/ensemble-with-backend': {
    severity: 'error',
    summary: 'An ensemble (`platform: "ensemble"`) that has or gets a backend (PLAT-ENSEMBLE-BACKEND).',
  },
  'triton/platform-backend-mismatch': {
    severity: 'error',
    summary: "A tensorflow/tensorrt/onnxruntime/pytorch backend with another backend's platform (PLAT-PAIR).",
  },
  'triton/unknown-backend': {
    severity: 'warning',
    summary: 'A backend not shipped with Triton: it must be installed on the server (BACKEND-LIB-NOT-FOUND).',
  },
  'triton/runtime-escapes-directory': {
    severity: 'error',
    summary: 'A `runtime` path whose `..` leaves the directory it is looked up in (RUNTIME-ESCAPE).',
  },
  // Section 4: inputs / outputs (dims, data types, reshape, formats, duplicates)
  'triton/io-missing-name': {
    severity: 'error',
    summary: 'An input or output without `name` (IO-NAME; strict mode only).',
  },
  'triton/io-missing-data-type': {
    severity: 'error',
    summary: 'An input or output without `data_type` (IO-DTYPE; strict mode only).',
  },
  'triton/io-missing-dims': {
    severity: 'error',
    summary: 'An input or output without `dims` (IO-DIMS-EMPTY; strict mode only).',
  },
  'triton/empty-reshape-non-batching': {
    severity: 'error',
    summary:
      'An empty `reshape` in a model with `max_batch_size: 0` (IO-RESHAPE-EMPTY-NOBATCH; strict mode only).',
  },
  'triton/invalid-dim': {
    severity: 'error',
    summary: 'A dim that is 0 or below -1 (IO-DIM-VALUE).',
  },
  'triton/invalid-reshape-dim': {
    severity: 'error',
    summary: 'A reshape dim that is 0 or below -1 (IO-RESHAPE-DIM-VALUE).',
  },
  'triton/reshape-size-mismatch': {
    severity: 'error',
    summary: '`dims` and `reshape` with different element counts, segment by segment (IO-RESHAPE-SIZE).',
  },
  'triton/reshape-variable-dims-mismatch': {
    severity: 'error',
    summary: '`dims` and `reshape` with a different number of -1-separated segments (IO-RESHAPE-VARCOUNT).',
  },
  'triton/element-count-overflow': {
    severity: 'error',
    summary: '`dims` whose element count exceeds int64 (IO-OVERFLOW).',
  },
  'triton/format-needs-three-dims': {
    severity: 'error',
    summary: 'An input with `format: FORMAT_NHWC`/`FORMAT_NCHW` and other than 3 dims (IO-FORMAT-DIMS).',
  },
  'triton/shape-tensor-not-tensorrt': {
    severity: 'error',
    summary: '`is_shape_tensor: true` on a platform other than tensorrt_plan (IO-SHAPE-TENSOR).',
  },
  'triton/non-linear-io-not-tensorrt': {
    severity: 'error',
    summary:
      '`is_non_linear_format_io: true` on a platform other than tensorrt_plan (IO-NONLINEAR-PLATFORM).',
  },
  'triton/non-linear-io-needs-three-dims': {
    severity: 'error',
    summary: '`is_non_linear_format_io: true` with other than 3 dims (IO-NONLINEAR-DIMS).',
  },
  'triton/multiple-label-files': {
    severity: 'error',
    summary: 'Two outputs of the same name that both set `label_filename` (IO-DUP-NAME).',
  },
  'lint/too-many-problems': {
    severity: 'warning',
    summary:
      'A file with more than 1,000 problems (generated or binary text): the first 999 are listed, this one counts the rest.',
  },
  'lint/duplicate-io-name': {
    severity: 'warning',
    summary: 'Two inputs (or two outputs) of the same name; Triton silently uses one (IO-DUP-NAME).',
  },
  // Section 5: batch_input / batch_output
  'triton/batch-input-source-count': {
    severity: 'error',
    summary: 'A `batch_input` with other than one `source_input` (BI-SOURCE-COUNT).',
  },
  'triton/unknown-batch-input-kind': {
    severity: 'error',
    summary: 'A `batch_input` kind given as a number that names no kind (BI-KIND-UNKNOWN).',
  },
  'triton/batch-input-data-type': {
    severity: 'error',
    summary: 'A `batch_input` whose `data_type` is not TYPE_INT32 or TYPE_FP32 (BI-DTYPE).',
  },
  'triton/unknown-source-input': {
    severity: 'error',
    summary:
      'A batch input/output `source_input` that names no configured input (BI-SOURCE-UNKNOWN, BO-SOURCE-UNKNOWN).',
  },
  'triton/batch-output-source-count': {
    severity: 'error',
    summary: 'A `batch_output` with other than one `source_input` (BO-SOURCE-COUNT).',
  },
  'triton/unknown-batch-output-kind': {
    severity: 'error',
    summary: 'A `batch_output` kind given as a number that names no kind (BO-KIND-UNKNOWN).',
  },
  'triton/unknown-target-output': {
    severity: 'error',
    summary: 'A `batch_output` `target_name` that names no configured output (BO-TARGET-UNKNOWN).',
  },
  'triton/duplicate-target-output': {
    severity: 'error',
    summary: 'A `batch_output` `target_name` given twice (BO-TARGET-DUP).',
  },
  // Issue 5: TensorRT-LLM parameters
  'trtllm/unknown-key': {
    severity: 'warning',
    summary:
      'A `parameters` key that the recognised TensorRT-LLM model does not read (neither backend); suggests the closest key.',
  },
  'trtllm/removed-key': {
    severity: 'warning',
    summary:
      'A `parameters` key the model no longer reads (e.g. `enable_trt_overlap`, `tokenizer_type`); ignored.',
  },
  'trtllm/removed-key-rejected': {
    severity: 'error',
    summary:
      'A removed key the backend refuses to load with: `worker_path`, or `enable_trt_overlap: true`, in the Python backend.',
  },
  'trtllm/renamed-key': {
    severity: 'warning',
    summary:
      "A key under an old name or a template variable's name (`batching_strategy`, `engine_dir`); names the key read instead.",
  },
  'trtllm/invalid-value': {
    severity: 'error',
    summary:
      'A parameter value the backend refuses to load with (`gpt_model_type`, Python-backend enums, lookahead sizes).',
  },
  'trtllm/value-ignored': {
    severity: 'warning',
    summary:
      'A parameter value that does not fit its type or allowed values; the backend logs it and uses a default.',
  },
  'trtllm/missing-key': {
    severity: 'error',
    summary:
      'A mandatory key is missing (`gpt_model_type`, an engine path, `tokenizer_dir`): the model fails to load.',
  },
  'trtllm/missing-key-for-release': {
    severity: 'warning',
    summary:
      'A key the C++ backend reads unconditionally since v0.19.0 (`tokenizer_dir`, guided decoding keys) is missing.',
  },
  // Issue 7: the llmapi model (no engine build) and its `<version>/model.yaml` (server/src/core/llmapi/).
  'trtllm/llmapi-invalid-yaml': {
    severity: 'error',
    summary:
      "model.yaml that PyYAML's `safe_load` cannot read (a syntax error, two documents), or that holds no mapping.",
  },
  'trtllm/llmapi-missing-yaml': {
    severity: 'error',
    summary:
      'An llmapi model whose loaded version directory has no `model.yaml` (unless `LLM_CONFIG_PATH` points elsewhere).',
  },
  'trtllm/llmapi-unknown-key': {
    severity: 'warning',
    summary: 'A model.yaml key that is no `LLM(...)` argument (or sub-key) we know; suggests the closest.',
  },
  'trtllm/llmapi-duplicate-key': {
    severity: 'warning',
    summary: 'A model.yaml key given twice in one mapping: PyYAML keeps the last silently.',
  },
  'trtllm/llmapi-invalid-type': {
    severity: 'error',
    summary:
      'A model.yaml value of a type the LLM API (or model.py) refuses, e.g. `tensor_parallel_size: two`.',
  },
  'trtllm/llmapi-questionable-value': {
    severity: 'warning',
    summary:
      'A model.yaml value that is converted silently (`"4"` for an integer), outside its sensible range, or not a known choice.',
  },
  'trtllm/llmapi-model-missing': {
    severity: 'error',
    summary: 'model.yaml without `model` (or with an empty one): `LLM(...)` has nothing to load.',
  },
  'trtllm/llmapi-model-placeholder': {
    severity: 'warning',
    summary: 'model.yaml `model` is still a placeholder (`${...}`, `<...>`, `path/to/...`).',
  },
  'trtllm/llmapi-triton-config-mismatch': {
    severity: 'warning',
    summary:
      'model.yaml `triton_config` disagrees with config.pbtxt (`max_batch_size`, `decoupled`); config.pbtxt wins.',
  },
  'trtllm/llmapi-world-size-exceeds-gpus': {
    severity: 'warning',
    summary:
      'model.yaml asks for more GPUs (tensor x pipeline x context parallel) than the serving machine has.',
  },
  // Issue 11: model.yaml against the serving image's TensorRT-LLM release (TRTLLM_VERIFIED.md 5, 7.9).
  'trtllm/llmapi-unknown-key-refused': {
    severity: 'error',
    summary:
      'A model.yaml key that is no `LLM(...)` argument (or key of a strict nested config) of a release whose LLM API forbids unknown keys (1.0 and later).',
  },
  'trtllm/llmapi-removed-key': {
    severity: 'error',
    summary:
      'A model.yaml key the release no longer takes (`pytorch_backend_config` from 0.20, flat CUDA-graph keys and `max_lora_rank` & co. from 1.0); names the replacement.',
  },
  'trtllm/llmapi-engine-only-key': {
    severity: 'error',
    summary:
      'A TensorRT-engine-only `LLM(...)` argument (`quant_config`, `enable_build_cache`, ...) under the PyTorch backend, which refuses it; says what to do instead.',
  },
  'trtllm/llmapi-backend-unsupported': {
    severity: 'error',
    summary: '`backend: tensorrt` in model.yaml: the Triton llmapi model dropped the TensorRT path in 1.0.',
  },
  'trtllm/llmapi-key-not-in-release': {
    severity: 'warning',
    summary: 'A model.yaml key that the sources show only in a later release than the serving image carries.',
  },
  'trtllm/llmapi-triton-config-ignored': {
    severity: 'warning',
    summary:
      'model.yaml `triton_config` under --disable-auto-complete-config (how NVIDIA launches Triton): never applied; put the values in config.pbtxt.',
  },
  // Issue 5: engine (TensorRT-LLM engine config.json against config.pbtxt, GPUs, launch and image)
  'engine/invalid-config': {
    severity: 'error',
    summary:
      "An engine's `config.json` that is not valid JSON, or in neither layout TensorRT-LLM writes. Reported on `config.json`.",
  },
  'engine/config-missing': {
    severity: 'error',
    summary: 'The engine directory named by `gpt_model_path` (or `engine_dir`) has no `config.json`.',
  },
  'engine/missing-rank-engine': {
    severity: 'error',
    summary:
      'The engine directory lacks the engine file of a rank of the world size the engine was built for.',
  },
  'engine/inflight-batching-unsupported': {
    severity: 'error',
    summary:
      'In-flight batching with an engine built without the GPT attention plugin, packed input or a paged KV cache.',
  },
  'engine/max-batch-size-exceeds-engine': {
    severity: 'warning',
    summary: "Triton's `max_batch_size` above the engine's `max_batch_size`.",
  },
  'engine/beam-width-exceeds-engine': {
    severity: 'error',
    summary: "The `max_beam_width` parameter above the engine's `max_beam_width`.",
  },
  'engine/chunked-context-unsupported': {
    severity: 'warning',
    summary: '`enable_chunked_context` true, but the engine was built without `use_paged_context_fmha`.',
  },
  'engine/world-size-exceeds-gpus': {
    severity: 'warning',
    summary: "The engine's world size (tp x pp x cp) is above the GPUs of the serving machine (`--gpus`).",
  },
  'engine/world-size-mismatch': {
    severity: 'error',
    summary:
      "The ranks the deployment gives the model (`participant_ids`, or `--world-size` in leader mode) differ from the engine's world size.",
  },
  'engine/logits-data-type-mismatch': {
    severity: 'warning',
    summary:
      "A `context_logits`/`generation_logits` output whose data type is not the engine's logits type (C++ backend).",
  },
  'engine/context-logits-not-gathered': {
    severity: 'information',
    summary:
      'The model declares a `context_logits` output, but the engine was built without `gather_context_logits`.',
  },
  'engine/version-mismatch': {
    severity: 'error',
    summary:
      'The engine was built by another TensorRT-LLM release than the one in the server image (`--image`).',
  },
  // Issue 17: an ONNX Runtime model's config.pbtxt against its model file (server/src/core/onnx/)
  'onnx/unreadable-model': {
    severity: 'error',
    summary:
      'The ONNX model file is truncated, corrupt, a Git LFS pointer or not an ONNX model: the ONNX Runtime backend cannot load it.',
  },
  'onnx/batching-not-supported': {
    severity: 'error',
    summary:
      'Auto-complete on: the model cannot batch (a first dimension that is not variable) but `max_batch_size` is not 0.',
  },
  'onnx/auto-complete': {
    severity: 'information',
    summary:
      "Strict mode: what the ONNX Runtime backend's auto-complete would fill in from the model (`max_batch_size`, `dynamic_batching`, inputs, outputs), which Triton does not add; the quick fix writes it.",
  },
  'onnx/input-count-mismatch': {
    severity: 'error',
    summary:
      "The config's inputs (minus `optional` ones, plus `batch_input` entries) are not as many as the model's inputs (initializers excluded).",
  },
  'onnx/optional-input-with-batching': {
    severity: 'error',
    summary: 'An `optional` input in a model with `max_batch_size` > 0.',
  },
  'onnx/unknown-input': {
    severity: 'error',
    summary: 'A config input that is neither a model input nor an overridable initializer.',
  },
  'onnx/unknown-output': {
    severity: 'error',
    summary: 'A config output that the model does not produce.',
  },
  'onnx/data-type-mismatch': {
    severity: 'error',
    summary: "An input's or output's `data_type` is not the model's element type.",
  },
  'onnx/batch-dimension-not-variable': {
    severity: 'error',
    summary: '`max_batch_size` > 0 but the model tensor has no dimension or a fixed first dimension.',
  },
  'onnx/shape-mismatch': {
    severity: 'error',
    summary:
      "`dims` (or `reshape`) disagree with the model's shape: rank or a dimension (inputs: -1 in the model matches anything; outputs: exact).",
  },
  'onnx/scalar-shape-mismatch': {
    severity: 'error',
    summary: 'A model scalar (rank 0) given dims other than 1.',
  },
  'onnx/ragged-input-shape': {
    severity: 'error',
    summary: 'An `allow_ragged_batch` input whose model shape is not `[-1]`, or that is also `optional`.',
  },
  'onnx/model-file-not-read': {
    severity: 'hint',
    summary:
      'The model file of a TensorRT, PyTorch, TensorFlow or OpenVINO model is not read: only the config is checked, not its inputs and outputs against the model.',
  },
  // Issue 6: reported from a running Triton's log, not by the checker.
  // Issue 12: reported on the deployment profile when a launch fails before Triton runs.
  'triton/launch-failed': {
    severity: 'error',
    summary:
      'The launch failed (image missing, port in use, no NVIDIA runtime, ...); shown on the profile field behind it.',
  },
  'triton/load-failed': {
    severity: 'error',
    summary: "Triton refused to load the model when it was launched; the message is Triton's log line.",
  },
  // Issue 14: compose files (triton-repo export compose, and an exported file edited by hand).
  'compose/yaml-syntax': {
    severity: 'error',
    summary: 'A compose file that is not YAML.',
  },
  'compose/schema': {
    severity: 'error',
    summary:
      "A compose file that the Compose specification's schema refuses: an unknown key, a wrong type or format.",
  },
  'compose/device-request': {
    severity: 'error',
    summary:
      'A device request with both `count` and `device_ids` (Compose refuses it), or without `capabilities` (Docker refuses it).',
  },
  'compose/gpu-shared': {
    severity: 'error',
    summary: 'A GPU id reserved by two services, or twice by one: each Triton replica needs GPUs of its own.',
  },
  'compose/grace-period': {
    severity: 'error',
    summary:
      'A Triton service whose `stop_grace_period` (Compose default 10s) does not outlast its exit timeout (`--exit-timeout-secs`, 30 s): it would be killed while draining.',
  },
  'compose/port-clash': {
    severity: 'error',
    summary:
      'A host port published twice (same protocol, overlapping host addresses): Docker refuses the second.',
  },
  'compose/undefined-service': {
    severity: 'error',
    summary: '`depends_on` names a service the file does not define.',
  },
  'template/unresolved': {
    severity: 'warning',
    summary:
      'A whole-value `${name}` (a number, bool, enum) with no value yet in a template repository: the file does not parse until it is filled.',
  },
  'template/unrendered': {
    severity: 'error',
    summary:
      'A whole-value `${name}` in text Triton will read (rendered output, a repository being launched): libprotobuf stops at the `$`.',
  },
  // Issue 5: templates
  'template/missing-value': {
    severity: 'error',
    summary:
      'A whole-value `${name}` (a number, bool, enum) with no value, or an empty one, in a render: Triton cannot parse the file.',
  },
  'template/unset-parameter': {
    severity: 'information',
    summary: 'A backend parameter left as `${name}` in a render; the backend treats it as unset.',
  },
  'template/unfilled-string': {
    severity: 'warning',
    summary:
      'A `${name}` left in a string that is not a backend parameter (e.g. `backend`); Triton reads it literally.',
  },
  'template/value-type-mismatch': {
    severity: 'error',
    summary:
      'A value that does not fit where it goes (`decoupled_mode: maybe`); reported once at its source, its uses related.',
  },
  'template/unknown-key': {
    severity: 'warning',
    summary:
      'A value whose key occurs in no template of its scope (fill_template.py asserts on it), or for an unknown model.',
  },
  'template/unused-value': {
    severity: 'warning',
    summary: 'A value whose key occurs in the template but that no `${name}` or `$name` uses.',
  },
  'template/duplicate-value': {
    severity: 'warning',
    summary:
      "Rendering: two spellings of one model in `TRTLLM__<MODEL>__<VARIABLE>` (`ENGINE` and `TENSORRT_LLM`) both set a variable; the model directory's own name wins.",
  },
  'template/invalid-values': {
    severity: 'error',
    summary:
      'A values file that is not JSON or does not fit its schema, a malformed `--set` or `TRTLLM__` variable.',
  },
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof CODES;

export function defaultSeverity(code: DiagnosticCode): Severity {
  return CODES[code].severity;
}
