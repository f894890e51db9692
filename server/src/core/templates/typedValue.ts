import { buildConfigModel } from '../model/configModel';
import { MODEL_CONFIG_TYPE, modelConfigSchema } from '../schema/modelConfigSchema';
import type { ParseResult } from '../syntax/parser';
import { parameterInfo } from '../trtllm/parameters';
import { recognise } from '../trtllm/recognise';
import type { PlaceholderUse } from './uses';

/** A value to propose for a variable, typed for where it is used, with the choices when it has them. */
export interface TypedValue {
  value: string | number | boolean;
  choices?: readonly string[];
}

/** Enum names that are never a useful answer (`TYPE_INVALID`, `KIND_AUTO` is fine). */
const NOT_AN_ANSWER = /INVALID|UNKNOWN/;

/**
 * What to put in a values file for a variable, so that the file parses once rendered: the field's
 * type for a whole value (`false` for a bool, `1` for an integer, an enum's first real choice), the
 * TensorRT-LLM parameter's type for a backend parameter, else an empty string to fill in.
 */
export function typedValueFor(use: PlaceholderUse, parsed: ParseResult, modelDir: string): TypedValue {
  if ((use.kind === 'value' || use.kind === 'other') && use.field) {
    const schema = modelConfigSchema();
    let type = schema.message(MODEL_CONFIG_TYPE);
    const names = use.field.split('.');
    for (let i = 0; i < names.length && type; i++) {
      const field = type.fieldsByName.get(names[i]!);
      if (!field) break;
      if (i < names.length - 1) {
        type = field.typeName ? schema.message(field.typeName) : undefined;
        continue;
      }
      if (field.type === 'bool') return { value: false };
      if (field.type === 'enum' && field.typeName) {
        const choices = (schema.enumType(field.typeName)?.values ?? [])
          .map((v) => v.name)
          .filter((n) => !NOT_AN_ANSWER.test(n));
        return choices.length ? { value: choices[0]!, choices } : { value: '' };
      }
      if (field.type === 'float' || field.type === 'double') return { value: 0 };
      if (field.type === 'string' || field.type === 'bytes' || field.type === 'message') return { value: '' };
      return { value: 1 };
    }
  }
  if (use.kind === 'parameter' && use.parameter) {
    const recognised = recognise(buildConfigModel(parsed, modelConfigSchema(), MODEL_CONFIG_TYPE), modelDir);
    const info = recognised && parameterInfo(recognised.kind, use.parameter, recognised.backend);
    if (info?.type === 'bool') return { value: false };
    if (info?.type === 'int') return { value: info.min ?? 1 };
    if (info?.type === 'float') return { value: info.min ?? 0 };
    if (info?.type === 'enum' && info.values?.length) return { value: info.values[0]!, choices: info.values };
  }
  return { value: '' };
}
