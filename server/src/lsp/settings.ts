import { z } from 'zod';

/**
 * Settings the server reads (`tritonToolkit.*` in VS Code). The client validates them too; the server
 * validates again because any LSP client can send anything. Invalid values fall back to defaults with
 * a message instead of failing.
 */
export const serverSettingsSchema = z.object({
  /** Check as tritonserver --disable-auto-complete-config would. */
  strictModelConfig: z.boolean().default(false),
  /** GPUs on the serving machine; null when unknown. */
  gpuCount: z.number().int().min(0).nullable().default(null),
  /** Spaces per indentation level when the client does not say. */
  indentSize: z.number().int().min(1).max(8).default(2),
  /** Delay before diagnostics are computed after an edit, in push mode. */
  diagnosticsDelayMs: z.number().int().min(0).max(2000).default(0),
  /** The values file of template repositories (relative to the workspace folder); empty: found beside them. */
  valuesFile: z.string().default(''),
  /** The Triton image serving the workspace's repositories when no deployment profile names one. */
  serverImage: z.string().default(''),
});

export type ServerSettings = z.infer<typeof serverSettingsSchema>;

export function parseSettings(input: unknown): { settings: ServerSettings; problems: string[] } {
  const result = serverSettingsSchema.safeParse(input ?? {});
  if (result.success) return { settings: result.data, problems: [] };
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  return { settings: serverSettingsSchema.parse({}), problems };
}
