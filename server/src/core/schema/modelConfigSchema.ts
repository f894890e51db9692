import descriptor from '../../../../schemas/model_config.json';
import type { SchemaDescriptor } from './descriptor';
import { Schema } from './schema';

export const MODEL_CONFIG_TYPE = 'inference.ModelConfig';

let cached: Schema | undefined;

/** Triton's ModelConfig schema, from the committed descriptor (bundled, so no file access). */
export function modelConfigSchema(): Schema {
  cached ??= new Schema(descriptor as SchemaDescriptor);
  return cached;
}
