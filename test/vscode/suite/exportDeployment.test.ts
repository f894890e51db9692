// "Triton: Export Deployment…" (Compose) inside VS Code: the profile's compose.yaml and nginx.conf written
// into the chosen folder by the checks and writes of `triton-repo export compose`, compose.yaml opened.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import manifest from '../../../package.json';

const COMMAND = 'tritonToolkit.exportDeployment';
const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;

describe('Triton: Export Deployment…', () => {
  it('is contributed as "Triton: Export Deployment…"', () => {
    const contributed = manifest.contributes.commands.find((c) => c.command === COMMAND);
    assert.ok(contributed);
    assert.equal(`${contributed.category}: ${contributed.title}`, 'Triton: Export Deployment…');
  });

  it('writes the Compose files of a profile with replicas and opens compose.yaml', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    const dir = mkdtempSync(join(tmpdir(), 'export-deployment-'));
    const profile = join(dir, 'pair.triton-deploy.json');
    writeFileSync(
      profile,
      JSON.stringify({ image: 'img:1', replicas: 2, worldSize: 2, gpus: ['0', '1', '2', '3'] }),
    );
    const folder = join(dir, 'deploy');
    const main = await vscode.commands.executeCommand<string | undefined>(COMMAND, {
      profile,
      target: 'compose',
      folder,
    });
    assert.equal(main, join(folder, 'compose.yaml'));
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, main);
    const compose = readFileSync(main, 'utf8');
    assert.match(compose, /triton-1:[\s\S]*device_ids:\s+- "2"\s+- "3"/);
    assert.match(readFileSync(join(folder, 'nginx.conf'), 'utf8'), /server triton-1:8000;/);
  });
});
