import type { ModelKind, ParameterInfo, TrtllmBackend } from './parameters';

/** A value that does not fit: `error` when the model would not load, `warning` when it falls back. */
export interface ValueVerdict {
  severity: 'error' | 'warning';
  message: string;
}

/**
 * Boolean spellings each reader accepts. The C++ backend's GetParameter<bool> takes six spellings and
 * throws on anything else (caught: default used); the Python tensorrt_llm model reads `1`/`true` in
 * any case as true and everything else as false; pre/postprocessing take a yes/no list (else true);
 * the BLS reads true/yes/1/t as true and anything else as false.
 */
const CPP_BOOLS = ['true', 'True', 'TRUE', '1', 'false', 'False', 'FALSE', '0'];
const PROCESSING_BOOLS = ['true', 'false', '1', '0', 't', 'f', 'y', 'n', 'yes', 'no'];

function boolProblem(kind: ModelKind, backend: TrtllmBackend | undefined, v: string): string | undefined {
  const lower = v.toLowerCase();
  if (kind === 'tensorrt_llm') {
    if (backend === 'python')
      return ['1', '0', 'true', 'false'].includes(lower) ? undefined : 'the Python backend reads it as false';
    return CPP_BOOLS.includes(v) ? undefined : 'the C++ backend cannot convert it and uses the default';
  }
  if (kind === 'tensorrt_llm_bls')
    return PROCESSING_BOOLS.includes(lower) ? undefined : 'the model reads it as false';
  return PROCESSING_BOOLS.includes(lower) ? undefined : 'the model warns and uses true';
}

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTS = /^\s*-?\d+(\s*,\s*-?\d+)*\s*$/;
const ID_SETS = /^\s*\d+(\s*,\s*\d+)*(\s*;\s*\d+(\s*,\s*\d+)*)*\s*;?\s*$/;
const CHOICES = /^\s*\{\s*\d+(\s*,\s*\d+)*\s*\}(\s*,\s*\{\s*\d+(\s*,\s*\d+)*\s*\})*\s*$/;

/**
 * Checks a known (non-template) value against its parameter. Severities follow what the reader
 * does: only `gpt_model_type` and, in the Python backend, enum keys and `;`-separated device sets
 * stop the model from loading; everything else is logged and replaced by the default.
 */
export function checkValue(
  param: ParameterInfo,
  value: string,
  kind: ModelKind,
  backend: TrtllmBackend | undefined,
): ValueVerdict | undefined {
  const v = value.trim();
  const quoted = JSON.stringify(value);
  // An empty value means "not set" to every reader (the Python helpers say so explicitly).
  if (v === '') return undefined;
  switch (param.type) {
    case 'bool': {
      const why = boolProblem(kind, backend, v);
      return why ? { severity: 'warning', message: `${quoted} is not a boolean: ${why}` } : undefined;
    }
    case 'int':
    case 'float': {
      const ok = param.type === 'int' ? INT.test(v) : FLOAT.test(v);
      if (!ok) {
        const what = param.type === 'int' ? 'an integer' : 'a number';
        return { severity: 'warning', message: `${quoted} is not ${what}: the backend uses the default` };
      }
      const n = Number(v);
      if ((param.min !== undefined && n < param.min) || (param.max !== undefined && n > param.max)) {
        const range =
          param.max === undefined
            ? `at least ${param.min}`
            : `between ${param.min ?? '-inf'} and ${param.max}`;
        return { severity: 'warning', message: `${quoted} is out of range: "${param.key}" must be ${range}` };
      }
      return undefined;
    }
    case 'enum':
      return enumProblem(param, v, quoted, backend);
    case 'list':
      return listProblem(param, v, quoted, backend);
    default:
      return undefined;
  }
}

function enumProblem(
  param: ParameterInfo,
  v: string,
  quoted: string,
  backend: TrtllmBackend | undefined,
): ValueVerdict | undefined {
  const all = param.values ?? [];
  const pythonOnly = param.pythonOnlyValues ?? [];
  // The Python backend compares enum values case-insensitively; the C++ one exactly.
  const python = all.some((x) => x.toLowerCase() === v.toLowerCase());
  const cpp = all.some((x) => x === v && !pythonOnly.includes(x));
  const allowed = all.filter((x) => backend === 'python' || !pythonOnly.includes(x));
  const list = allowed.map((x) => `"${x}"`).join(', ');
  // gpt_model_type: both backends throw on an unknown value. Other enums: the C++ backend warns and
  // falls back, the Python one throws. FORCE_CPU_ONLY_INPUT_TENSORS: anything but "no" means yes.
  const fatal = param.key === 'gpt_model_type';
  if (backend === 'python' ? python : backend === 'cpp' ? cpp : cpp || python) {
    if (backend === undefined && !cpp)
      return { severity: 'warning', message: `${quoted} is accepted only by the Python backend (${list})` };
    return undefined;
  }
  if (param.key === 'FORCE_CPU_ONLY_INPUT_TENSORS')
    return { severity: 'warning', message: `${quoted} is not "yes" or "no": it is read as "yes"` };
  if (fatal || backend === 'python')
    return { severity: 'error', message: `${quoted} is not one of ${list}: the model fails to load` };
  return { severity: 'warning', message: `${quoted} is not one of ${list}: the backend uses the default` };
}

function listProblem(
  param: ParameterInfo,
  v: string,
  quoted: string,
  backend: TrtllmBackend | undefined,
): ValueVerdict | undefined {
  switch (param.listSyntax) {
    case 'ints':
      return INTS.test(v)
        ? undefined
        : { severity: 'warning', message: `${quoted} is not a comma-separated list of integers` };
    case 'id-sets':
      if (!ID_SETS.test(v))
        return {
          severity: 'warning',
          message: `${quoted} is not a list of ids like "0,1" or "0,1;2,3": the backend chooses automatically`,
        };
      // The Python backend splits on "," only, and converts without a try.
      if (backend === 'python' && v.includes(';'))
        return {
          severity: 'error',
          message: `${quoted}: the Python backend takes one set of ids ("0,1"), not ";"-separated sets, and fails to load`,
        };
      return undefined;
    case 'choices':
      return CHOICES.test(v)
        ? undefined
        : { severity: 'warning', message: `${quoted} is not a list of choices like "{0, 0}, {0, 1}"` };
    default:
      return undefined;
  }
}
