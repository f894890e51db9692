import { z } from 'zod';

/**
 * The extension's settings (`tritonToolkit.*`), validated. Defaults here and in package.json's
 * `contributes.configuration` must agree (a test checks it).
 */
export const settingsSchema = z.object({
  strictModelConfig: z.boolean().default(false),
  gpuCount: z.number().int().min(0).nullable().default(null),
  indentSize: z.number().int().min(1).max(8).default(2),
  diagnosticsDelayMs: z.number().int().min(0).max(2000).default(0),
  valuesFile: z.string().default(''),
  serverImage: z.string().default(''),
  /** The image "New Model Repository from Image" proposes (empty: the last one used). Client only. */
  templateImage: z.string().default(''),
});

export type Settings = z.infer<typeof settingsSchema>;

/** Reads settings from a getter (VS Code's configuration), reporting invalid values instead of failing. */
export function readSettings(get: (key: keyof Settings) => unknown): {
  settings: Settings;
  problems: string[];
} {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(settingsSchema.shape) as (keyof Settings)[]) {
    const v = get(key);
    if (v !== undefined) raw[key] = v;
  }
  const parsed = settingsSchema.safeParse(raw);
  if (parsed.success) return { settings: parsed.data, problems: [] };
  const problems = parsed.error.issues.map((i) => `tritonToolkit.${i.path.join('.')}: ${i.message}`);
  // Keep the valid values, fall back to defaults for the rest.
  const settings = settingsSchema.parse({});
  for (const key of Object.keys(raw) as (keyof Settings)[]) {
    const one = settingsSchema.shape[key].safeParse(raw[key]);
    if (one.success) (settings as Record<string, unknown>)[key] = one.data;
  }
  return { settings, problems };
}
