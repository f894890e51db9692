// Whether a model.yaml value fits its key's type. The LLM API validates its arguments with pydantic
// (lax mode), which converts some values silently (the string "4" to 4, 1 to True) and refuses the
// rest: a refusal is an error (LLM(...) raises, the model fails to load), a silent conversion a
// warning (it works, but is probably not what was meant, or depends on the release). Keys marked
// `strict` are read by plain Python and land in Triton's JSON config, where nothing is converted.
import type { YamlKeyInfo } from './modelYamlKeys';
import { TYPE_NAMES } from './modelYamlKeys';
import { pyRepr } from './pyyamlScalars';
import type { YNode, YScalar } from './yamlTree';
import { pyTypeName } from './yamlTree';

export interface Verdict {
  severity: 'error' | 'warning';
  message: string;
}

/** Strings pydantic accepts for a bool (any case). */
const PYDANTIC_BOOL = new Set(['0', 'off', 'f', 'false', 'n', 'no', '1', 'on', 't', 'true', 'y', 'yes']);
const NUMERIC = /^\s*[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)\s*$/;
const INTEGRAL = /^\s*[-+]?\d+\s*$/;

function num(s: YScalar): number | undefined {
  return typeof s.value === 'number' ? s.value : typeof s.value === 'bigint' ? Number(s.value) : undefined;
}

/** The verdict on `node` for `info`, or undefined when it fits. */
export function checkType(info: YamlKeyInfo, node: YNode): Verdict | undefined {
  const want = TYPE_NAMES[info.type];
  const refused = (hint?: string): Verdict => ({
    severity: 'error',
    message: `"${info.key}" must be ${article(want)}, not ${pyTypeName(node)}${show(node)}: the model fails to load${hint ? `. ${hint}` : ''}`,
  });
  const converted = (to: string, hint?: string): Verdict => ({
    severity: 'warning',
    message: `"${info.key}" should be ${article(want)}; ${pyTypeName(node)}${show(node)} is converted to ${to}${info.strict ? '' : ' by the LLM API'}${hint ? `. ${hint}` : ''}`,
  });
  if (info.type === 'any') return undefined;
  if (node.kind === 'scalar' && node.type === 'null') {
    return info.notNull ? refused('The key is as good as missing.') : undefined;
  }
  if (info.type === 'map') return node.kind === 'map' ? undefined : refused();
  if (info.type === 'list') return node.kind === 'seq' ? undefined : refused();
  if (node.kind !== 'scalar') return refused();
  if (info.strict)
    return strictFits(info, node)
      ? undefined
      : refused('model.py hands it to Triton as it is, and nothing converts it.');
  switch (info.type) {
    case 'str':
      // pydantic v2 does not turn numbers or booleans into strings.
      return node.type === 'str'
        ? undefined
        : node.type === 'timestamp'
          ? converted('a date, not a string')
          : refused(quoteHint(node));
    case 'int': {
      if (node.type === 'int') return undefined;
      if (node.type === 'bool') return converted(node.value ? '1' : '0');
      const n = num(node);
      if (node.type === 'float' && n !== undefined)
        return Number.isInteger(n) ? converted(String(n)) : refused('It has a fractional part.');
      if (node.type === 'str' && INTEGRAL.test(String(node.value)))
        return converted(`the integer ${String(node.value).trim()}`);
      return refused();
    }
    case 'float': {
      if (node.type === 'int' || node.type === 'float') return undefined;
      if (node.type === 'bool') return converted(node.value ? '1.0' : '0.0');
      if (node.type === 'str' && NUMERIC.test(String(node.value)))
        return converted(
          `the number ${String(node.value).trim()}`,
          node.quoted
            ? undefined
            : 'PyYAML reads a float only with a dot and a signed exponent (1.0e-3); 1e-3 is a string.',
        );
      return refused();
    }
    case 'bool': {
      if (node.type === 'bool') return undefined;
      const n = num(node);
      if ((node.type === 'int' || node.type === 'float') && (n === 0 || n === 1))
        return converted(n === 1 ? 'True' : 'False');
      if (node.type === 'str' && PYDANTIC_BOOL.has(String(node.value).trim().toLowerCase()))
        return converted(
          ['1', 'on', 't', 'true', 'y', 'yes'].includes(String(node.value).trim().toLowerCase())
            ? 'True'
            : 'False',
        );
      return refused();
    }
  }
  return undefined;
}

function strictFits(info: YamlKeyInfo, node: YScalar): boolean {
  if (info.type === 'int') return node.type === 'int';
  if (info.type === 'float') return node.type === 'int' || node.type === 'float';
  if (info.type === 'bool') return node.type === 'bool';
  if (info.type === 'str') return node.type === 'str';
  return true;
}

/** Range and allowed values of a value that has the right type. */
export function checkRange(info: YamlKeyInfo, node: YNode): Verdict | undefined {
  if (node.kind !== 'scalar') return undefined;
  if (info.values && node.type === 'str' && !info.values.includes(String(node.value)))
    return {
      severity: 'warning',
      message: `"${info.key}" is ${pyRepr(node)}, which is not one of ${info.values.map((v) => `"${v}"`).join(', ')} (the values we know; releases differ)`,
    };
  const n = num(node);
  if (n === undefined || (node.type !== 'int' && node.type !== 'float')) return undefined;
  if (info.min !== undefined && n < info.min)
    return {
      severity: 'warning',
      message: `"${info.key}" is ${n}, below its least sensible value ${info.min}`,
    };
  if (info.max !== undefined && n > info.max)
    return {
      severity: 'warning',
      message: `"${info.key}" is ${n}, above its largest sensible value ${info.max}`,
    };
  return undefined;
}

function article(type: string): string {
  return type === 'any' ? 'any value' : `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

function show(node: YNode): string {
  return node.kind === 'scalar' && node.type !== 'null' ? ` (${pyRepr(node)})` : '';
}

/** `model: 7b` style values that PyYAML typed as something else than the string meant. */
function quoteHint(node: YScalar): string | undefined {
  return node.quoted ? undefined : 'Quote it to make it a string.';
}
