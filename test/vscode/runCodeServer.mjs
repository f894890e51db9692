#!/usr/bin/env node
// Runs the extension's VS Code test suite (test/vscode/suite) inside a real VS Code: code-server's VS Code
// server with its Node extension host, driven by headless Chromium through playwright-core. This is how CI
// runs it; .ci/install-vscode-host.sh installs the host. On a desktop, test/vscode/runElectron.mjs runs the
// same suite in VS Code itself.
//
//   node test/vscode/runCodeServer.mjs [--no-build] [--timeout SECONDS] [--verbose] [--keep]
//                                      [--extension DIR]
//
//   --no-build   do not run `npm run build` first (the suite itself is always bundled)
//   --timeout    overall limit, from starting code-server to the tests' exit code (default 150)
//   --verbose    print code-server's log and the page's console as they come
//   --keep       keep the temporary folder (workspace copy, user data, logs) and print where it is
//   --extension  the extension under test (default: this repository)
//   --screenshots DIR  no tests: a copy of examples/ is opened and the journey of a new user is captured
//                into DIR (test/vscode/screenshots.mjs)
//
// Exit status: the tests' exit code (0 = all passed), 2 when the host is not installed or a step of the
// harness failed (the reason is printed, with the tail of code-server's log).
import { spawn } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { clearTimeout, setTimeout } from 'node:timers';
import {
  buildExtension,
  buildSuite,
  checkExtensionBuilt,
  copySuite,
  copyWorkspace,
  hostDir,
  parseArgs,
  repoRoot,
} from './common.mjs';
import { journeyWorkspace, takeScreenshots } from './screenshots.mjs';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const HARNESS_FAILURE = 2;
const log = (msg) => process.stdout.write(`[code-server-runner] ${msg}\n`);

const opts = parseArgs(process.argv.slice(2), {
  build: true,
  timeout: 150,
  verbose: false,
  keep: false,
  extension: repoRoot,
  screenshots: '',
});
const extensionPath = resolve(opts.extension);

/** Everything to undo, in reverse order of creation; run once by cleanup(). */
const cleanups = [];
let cleaning;
let interrupted = false;
function cleanup() {
  cleaning ??= (async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (err) {
        log(`cleanup: ${err?.message ?? err}`);
      }
    }
  })();
  return cleaning;
}
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
]) {
  process.once(signal, () => {
    interrupted = true;
    log(`${signal}: cleaning up`);
    void cleanup().then(() => process.exit(code));
  });
}

/** Rejects with `message` after `ms`, unless cleared through the returned `cancel`. */
function deadline(ms, message) {
  let timer;
  const promise = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function readHost() {
  const file = join(hostDir, 'host.json');
  if (!existsSync(file)) {
    throw new Error(
      `the VS Code test host is not installed (${file} is missing): run bash .ci/install-vscode-host.sh`,
    );
  }
  const host = JSON.parse(readFileSync(file, 'utf8'));
  for (const key of ['node', 'codeServer', 'playwrightCore', 'chromium']) {
    if (!existsSync(host[key])) {
      throw new Error(`${key} (${host[key]}) is missing: run bash .ci/install-vscode-host.sh`);
    }
  }
  return host;
}

/** Environment of code-server: Node 24 first on PATH, HOME and XDG_* in the temporary folder. */
function serverEnv(host, tmp) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Inherited VS Code variables (from a terminal inside VS Code) would make code-server hand the folder
    // over to that other instance instead of serving it.
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE' || k.startsWith('npm_')) continue;
    env[k] = v;
  }
  const home = join(tmp, 'home');
  const xdg = {
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    XDG_RUNTIME_DIR: join(tmp, 'xdg-runtime'),
  };
  for (const dir of [home, ...Object.values(xdg)]) mkdirSync(dir, { recursive: true, mode: 0o700 });
  return { ...env, ...xdg, HOME: home, PATH: `${host.nodeBin}:${process.env.PATH ?? ''}` };
}

/** Starts code-server in its own process group; resolves once it listens. */
async function startCodeServer(host, tmp, port) {
  const logFile = join(tmp, 'code-server.log');
  const logStream = createWriteStream(logFile);
  const config = join(tmp, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    host.codeServer,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--config',
    config,
    '--user-data-dir',
    join(tmp, 'user-data'),
    '--extensions-dir',
    join(tmp, 'extensions'),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--vscode-option',
    'enable-smoke-test-driver',
  ];
  const child = spawn(host.node, args, {
    cwd: tmp,
    env: serverEnv(host, tmp),
    detached: true, // its own process group, killed as a whole
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolveExit) =>
    child.once('exit', (code, signal) => resolveExit({ code, signal })),
  );
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      killGroup(child.pid, 'SIGTERM');
      const grace = deadline(5000, 'code-server ignored SIGTERM');
      await Promise.race([exited, grace.promise]).catch(() => killGroup(child.pid, 'SIGKILL'));
      grace.cancel();
    }
    // The extension host and the other helpers share the group; make sure none outlives the run.
    killGroup(child.pid, 'SIGKILL');
    await new Promise((r) => logStream.end(r));
  });

  let tail = '';
  const listening = new Promise((resolveListening, reject) => {
    const onData = (chunk) => {
      const text = chunk.toString();
      logStream.write(text);
      if (opts.verbose) process.stdout.write(text.replace(/^/gm, '[code-server] '));
      tail = (tail + text).slice(-4000);
      if (tail.includes('HTTP server listening on')) resolveListening();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    void exited.then(({ code, signal }) =>
      reject(new Error(`code-server exited before listening (code ${code}, signal ${signal})`)),
    );
  });
  const wait = deadline(30_000, 'code-server did not listen within 30 s');
  try {
    await Promise.race([listening, wait.promise]);
  } finally {
    wait.cancel();
  }
  return { child, logFile, exited };
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch (err) {
    if (err.code !== 'ESRCH') throw err;
  }
}

/**
 * Text of a codeAutomationLog call. The workbench passes its log level and the arguments of the log call:
 * the extension host's console output (mocha's report) arrives as console.log arguments, format string first.
 */
function logText(args) {
  const parts = Array.isArray(args) ? args : [args];
  return typeof parts[0] === 'string' ? format(...parts) : parts.map((p) => format('%O', p)).join(' ');
}

/**
 * The workbench's own chatter in that log, harmless here: no network but the loopback, no GitHub account,
 * no chat model. Hidden unless --verbose (all of it is in automation.log of the temporary folder, see --keep).
 */
const NOISE = [
  /^\[(AgentHost|AgentHost:remote|ChatModelSelection|AccountPolicyGate|reconnection-grace-time|Service Worker)\]/,
  /^(Resolving|Resolved) connection token/,
  /^Creating a socket \(/,
  /^Updating additional builtin extensions cache/,
  /ENOTFOUND open-vsx\.org/,
  /authentication provider 'github'/,
];

async function main() {
  const host = readHost();
  if (opts.build) buildExtension(extensionPath);
  checkExtensionBuilt(extensionPath);
  // A suite gets the `vscode` API of the extension whose folder holds it: for an extension elsewhere
  // (--extension), the suite is copied into it, so that what a test changes on vscode.window is what the
  // extension sees.
  const built = await buildSuite();
  const testsPath = extensionPath === repoRoot ? built : copySuite(built, extensionPath);

  const tmp = mkdtempSync(join(tmpdir(), 'vscode-host-'));
  cleanups.push(() => {
    if (opts.keep) log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  });
  const workspace = opts.screenshots
    ? journeyWorkspace(join(tmp, 'examples'))
    : copyWorkspace(join(tmp, 'workspace'));

  const overall = deadline(opts.timeout * 1000, `no exit code from the tests within ${opts.timeout} s`);
  let server;
  try {
    const started = Date.now();
    const port = await freePort();
    server = await startCodeServer(host, tmp, port);
    log(`code-server ${host.codeServerVersion} listening on 127.0.0.1:${port}`);

    const { chromium } = createRequire(import.meta.url)(host.playwrightCore);
    const browser = await chromium.launch({
      executablePath: host.chromium,
      headless: true,
      args: CHROMIUM_ARGS,
      // Signals are handled here: cleanup() closes the browser, then stops code-server, then removes tmp.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    cleanups.push(() => {
      const closing = deadline(10_000, 'the browser did not close within 10 s');
      return Promise.race([browser.close(), closing.promise]).finally(closing.cancel);
    });
    const page = await browser.newPage();

    let resolveExit;
    const testsExited = new Promise((r) => (resolveExit = r));
    // The hooks the workbench calls when code-server runs with enable-smoke-test-driver.
    const automationLog = createWriteStream(join(tmp, 'automation.log'));
    cleanups.push(() => new Promise((r) => automationLog.end(r)));
    await page.exposeFunction('codeAutomationLog', (level, args) => {
      const text = logText(args);
      automationLog.write(`[${level}] ${text}\n`);
      if (opts.verbose || !NOISE.some((re) => re.test(text))) process.stdout.write(`${text}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    if (opts.verbose)
      page.on('console', (msg) => process.stdout.write(`[page ${msg.type()}] ${msg.text()}\n`));
    page.on('pageerror', (err) => log(`page error: ${err.message}`));
    page.on('crash', () => log('the page crashed'));

    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://remote${extensionPath}`],
      ...(opts.screenshots ? [] : [['extensionTestsPath', `vscode-remote://remote${testsPath}`]]),
    ];
    const url =
      `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}` +
      `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    log(`opened the workbench on ${workspace}`);
    if (opts.screenshots) {
      mkdirSync(resolve(opts.screenshots), { recursive: true });
      await Promise.race([takeScreenshots(page, resolve(opts.screenshots), log), overall.promise]);
      return 0;
    }

    const serverGone = server.exited.then(({ code, signal }) => {
      throw new Error(`code-server exited during the tests (code ${code}, signal ${signal})`);
    });
    const code = await Promise.race([testsExited, serverGone, overall.promise]);
    log(`tests exited with code ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return typeof code === 'number' ? code : HARNESS_FAILURE;
  } catch (err) {
    if (interrupted) return HARNESS_FAILURE;
    log(`FAILED: ${err?.message ?? err}`);
    if (server && !opts.verbose) {
      const lines = readFileSync(server.logFile, 'utf8').trimEnd().split('\n').slice(-40);
      log(`last lines of code-server's log:\n${lines.join('\n')}`);
    }
    return HARNESS_FAILURE;
  } finally {
    overall.cancel();
  }
}

let exitCode = HARNESS_FAILURE;
try {
  exitCode = await main();
} catch (err) {
  log(`FAILED: ${err?.message ?? err}`);
} finally {
  await cleanup();
}
process.exit(exitCode);
