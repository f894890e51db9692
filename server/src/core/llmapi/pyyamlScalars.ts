// How PyYAML's `yaml.safe_load` (what the llmapi model.py reads model.yaml with) types a plain scalar.
// PyYAML implements YAML 1.1: `False`, `yes`, `off` are booleans, `010` is octal, `1:30` is base 60,
// and a float needs a dot (`1e-3` is a string). These are PyYAML 6's implicit resolvers, copied in
// behaviour (yaml/resolver.py, SafeConstructor), not the YAML 1.2 core schema.

export type PyType = 'null' | 'bool' | 'int' | 'float' | 'str' | 'timestamp';

export interface PyScalar {
  type: PyType;
  /** The Python value as JS: number (or bigint for large ints), boolean, string, null. */
  value: number | bigint | boolean | string | null;
}

const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const NULL = /^(?:~|null|Null|NULL|)$/;
const TIMESTAMP =
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/;

/** A plain (unquoted) scalar as PyYAML resolves it. The resolvers are tried in PyYAML's order. */
export function resolvePlain(text: string): PyScalar {
  if (BOOL.test(text)) return { type: 'bool', value: TRUE.test(text) };
  if (FLOAT.test(text)) return { type: 'float', value: pyFloat(text) };
  if (INT.test(text)) return { type: 'int', value: pyInt(text) };
  if (NULL.test(text)) return { type: 'null', value: null };
  if (TIMESTAMP.test(text)) return { type: 'timestamp', value: text };
  return { type: 'str', value: text };
}

/** An explicitly tagged scalar (`!!int "3"`): what SafeConstructor makes of it, undefined if it raises. */
export function resolveTagged(tag: string, text: string): PyScalar | undefined {
  switch (tag) {
    case 'tag:yaml.org,2002:str':
      return { type: 'str', value: text };
    case 'tag:yaml.org,2002:int':
      return INT.test(text) ? { type: 'int', value: pyInt(text) } : undefined;
    case 'tag:yaml.org,2002:float':
      return FLOAT.test(text) || INT.test(text) ? { type: 'float', value: pyFloat(text) } : undefined;
    case 'tag:yaml.org,2002:bool':
      return BOOL.test(text) ? { type: 'bool', value: TRUE.test(text) } : undefined;
    case 'tag:yaml.org,2002:null':
      return { type: 'null', value: null };
    default:
      return undefined;
  }
}

function sexagesimal(digits: string, parse: (s: string) => number): number {
  let value = 0;
  for (const part of digits.split(':')) value = value * 60 + parse(part);
  return value;
}

/** SafeConstructor.construct_yaml_int. Large values stay exact as bigint. */
function pyInt(text: string): number | bigint {
  let s = text.replace(/_/g, '');
  let sign = 1;
  if (s.startsWith('-')) sign = -1;
  if (s.startsWith('-') || s.startsWith('+')) s = s.slice(1);
  let big: bigint;
  if (s === '0') return 0;
  if (s.startsWith('0b')) big = BigInt('0b' + s.slice(2));
  else if (s.startsWith('0x')) big = BigInt('0x' + s.slice(2));
  else if (s.startsWith('0')) big = BigInt('0o' + s.slice(1));
  else if (s.includes(':')) return sign * sexagesimal(s, (p) => parseInt(p, 10));
  else big = BigInt(s);
  const signed = sign < 0 ? -big : big;
  return signed >= BigInt(Number.MIN_SAFE_INTEGER) && signed <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(signed)
    : signed;
}

/** SafeConstructor.construct_yaml_float. */
function pyFloat(text: string): number {
  let s = text.replace(/_/g, '').toLowerCase();
  let sign = 1;
  if (s.startsWith('-')) sign = -1;
  if (s.startsWith('-') || s.startsWith('+')) s = s.slice(1);
  if (s === '.inf') return sign * Infinity;
  if (s === '.nan') return NaN;
  if (s.includes(':')) return sign * sexagesimal(s, Number);
  return sign * Number(s);
}

/** Python's repr-like spelling of a resolved value, for messages (`False`, `None`, `'abc'`). */
export function pyRepr(s: PyScalar): string {
  switch (s.type) {
    case 'null':
      return 'None';
    case 'bool':
      return s.value ? 'True' : 'False';
    case 'str':
    case 'timestamp':
      return JSON.stringify(s.value);
    default:
      return String(s.value);
  }
}
