// The journey of a new user, captured in code-server (headless Chromium): used by runCodeServer.mjs
// --screenshots DIR on a copy of examples/ (one value taken out, so that a warning and its quick fix show).
// Keyboard only, as a user without a mouse would do it; each step waits for the workbench to settle.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from './common.mjs';

/** examples/ as a user copies it; decoupled_mode left out of the values file. */
export function journeyWorkspace(dest) {
  cpSync(join(repoRoot, 'examples'), dest, { recursive: true });
  const file = join(dest, 'triton-values.json');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/\n\s*"decoupled_mode": false,/, ''));
  return dest;
}

async function command(page, text) {
  await page.keyboard.press('F1');
  await sleep(700);
  await page.keyboard.type(text);
  await sleep(900);
  await page.keyboard.press('Enter');
}

async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  await sleep(700);
  await page.keyboard.type(name);
  await sleep(1200);
  await page.keyboard.press('Enter');
}

async function goToLine(page, line) {
  await page.keyboard.press('Control+G');
  await sleep(500);
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await sleep(500);
}

export async function takeScreenshots(page, dir, log) {
  const shot = async (name) => {
    await sleep(1500);
    await page.screenshot({ path: join(dir, `${name}.png`) });
    log(`screenshot ${name}.png`);
  };
  await page.setViewportSize({ width: 1400, height: 860 });
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await sleep(6000);
  await page.keyboard.press('Escape');
  await command(page, 'View: Hide Secondary Side Bar');
  await openFile(page, 'tensorrt_llm/config.pbtxt');
  await sleep(5000); // the language server's first check of the repository
  await goToLine(page, 17);
  for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
  await shot('01-template-inlay-hints');
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  await shot('02-hover-value');
  await page.keyboard.press('Escape');
  await goToLine(page, 21);
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Control+.');
  await shot('03-quick-fix');
  // Apply "Set `decoupled_mode` in triton-values.json": the template then renders without errors.
  await page.keyboard.press('Enter');
  await sleep(1500);
  await command(page, 'Triton: Show Rendered Preview');
  await shot('04-rendered-preview');
  await command(page, 'View: Show Problems');
  await shot('05-problems');
  await command(page, 'View: Close Panel');
  await command(page, 'Triton: Render Model Repository');
  await shot('06-render-output-folder');
  await page.keyboard.press('Enter');
  await shot('07-render-confirm');
  await page.keyboard.press('Enter');
  await sleep(1500);
  await command(page, 'Notifications: Show Notifications');
  await shot('08-render-done');
  await command(page, 'Notifications: Clear All Notifications');
  await command(page, 'Triton: New Deployment Profile');
  await shot('09-profile-repository-pick');
  await page.keyboard.type('model_repository');
  await sleep(600);
  await page.keyboard.press('Enter');
  await sleep(800);
  await page.keyboard.press('Enter'); // the proposed name, "local"
  await sleep(1500);
  await goToLine(page, 2);
  await page.keyboard.press('End');
  for (let i = 0; i < 60; i++) await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Home');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  await shot('10-profile-field-hover');
  await page.keyboard.press('Escape');
  await command(page, 'Triton: Launch');
  await sleep(2500);
  await command(page, 'Notifications: Show Notifications');
  await shot('11-launch-template-refused');
  await command(page, 'Notifications: Clear All Notifications');
  await command(page, 'View: Close All Editors');
  await command(page, 'Explorer: Focus on Triton Containers View');
  await shot('12-containers-welcome');
  await command(page, 'Welcome: Open Walkthrough');
  await sleep(800);
  await page.keyboard.type('Serve a TensorRT-LLM');
  await sleep(800);
  await page.keyboard.press('Enter');
  await shot('13-walkthrough');
}
