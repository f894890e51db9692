import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readSettings, settingsSchema } from '../../client/src/settings';
import { serverSettingsSchema } from '../../server/src/lsp/settings';
import { REPO_ROOT } from '../shared';

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { default: unknown }> } };
};

test('package.json declares every setting with the same default as the zod schemas', () => {
  const declared = manifest.contributes.configuration.properties;
  const defaults = settingsSchema.parse({});
  for (const [key, value] of Object.entries(defaults)) {
    assert.deepEqual(declared[`tritonToolkit.${key}`]?.default, value, key);
  }
  // The server reads a subset (client-only settings, such as templateImage, stay in the extension).
  const serverDefaults = serverSettingsSchema.parse({});
  for (const [key, value] of Object.entries(serverDefaults))
    assert.deepEqual(value, defaults[key as keyof typeof defaults], `client and server agree on ${key}`);
  const own = Object.keys(declared).filter((k) => k !== 'tritonToolkit.trace.server');
  assert.deepEqual(
    own.sort(),
    Object.keys(defaults)
      .map((k) => `tritonToolkit.${k}`)
      .sort(),
  );
});

test('invalid settings are reported and fall back to defaults, valid ones are kept', () => {
  const values: Record<string, unknown> = { strictModelConfig: 'yes', gpuCount: 4, indentSize: 99 };
  const { settings, problems } = readSettings((k) => values[k]);
  assert.deepEqual(settings, {
    strictModelConfig: false,
    gpuCount: 4,
    indentSize: 2,
    diagnosticsDelayMs: 0,
    valuesFile: '',
    serverImage: '',
    templateImage: '',
  });
  assert.equal(problems.length, 2);
  assert.match(problems.join('\n'), /tritonToolkit\.strictModelConfig/);
  assert.match(problems.join('\n'), /tritonToolkit\.indentSize/);
});
