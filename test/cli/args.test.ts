// The command line declared with commander gives each command module the same typed object as before
// (server/src/cli/args.ts): every option, its default and its `=` form.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError, parseArgs } from '../../server/src/cli/args';

test('check: paths, formats, numbers, repeatable --exclude, exit-status options', () => {
  assert.deepEqual(parseArgs(['check', 'a', 'b']), {
    command: 'check',
    paths: ['a', 'b'],
    format: 'text',
    strictModelConfig: false,
    exclude: [],
    failOn: 'error',
    verbose: false,
  });
  assert.deepEqual(
    parseArgs([
      'check',
      '--format=sarif',
      '--strict-model-config',
      '--gpus',
      '0',
      '--image',
      '24.07-trtllm-python-py3',
      '--world-size=2',
      '--exclude',
      'old',
      '--exclude=**/fixtures',
      '--max-warnings',
      '3',
      '--fail-on',
      'warning',
      '.',
      '--',
      '-odd-name',
    ]),
    {
      command: 'check',
      paths: ['.', '-odd-name'],
      format: 'sarif',
      strictModelConfig: true,
      exclude: ['old', '**/fixtures'],
      failOn: 'warning',
      verbose: false,
      gpuCount: 0,
      serverImage: '24.07-trtllm-python-py3',
      worldSize: 2,
      maxWarnings: 3,
    },
  );
});

test('render, up, down, status, request, build, init', () => {
  assert.deepEqual(
    parseArgs(['render', 't', '--set', 'a=1', '--set=b:2,c:3', '--out', 'o', '-y', '--force']),
    {
      command: 'render',
      repo: 't',
      set: ['a=1', 'b:2,c:3'],
      out: 'o',
      force: true,
      yes: true,
    },
  );
  assert.deepEqual(parseArgs(['render', 't', '--values', 'v.json', '--out=o']), {
    command: 'render',
    repo: 't',
    values: 'v.json',
    set: [],
    out: 'o',
    force: false,
    yes: false,
  });
  assert.deepEqual(parseArgs(['up', 'p.json', '--timeout', '60', '--dry-run', '--workspace', 'w']), {
    command: 'up',
    profile: 'p.json',
    dryRun: true,
    recreate: false,
    timeoutSeconds: 60,
    workspace: 'w',
  });
  assert.equal((parseArgs(['up', 'p.json', '--recreate']) as { recreate: boolean }).recreate, true);
  assert.deepEqual(parseArgs(['down', 'a.json', 'b.json']), {
    command: 'down',
    profiles: ['a.json', 'b.json'],
    all: false,
  });
  assert.deepEqual(parseArgs(['down', '--all', '--workspace=w']), {
    command: 'down',
    profiles: [],
    all: true,
    workspace: 'w',
  });
  assert.deepEqual(parseArgs(['status', '--format', 'json']), { command: 'status', format: 'json' });
  assert.deepEqual(
    parseArgs(['request', 'p.json', 'Hello, world', '--stream', '--model', 'm', '--max-tokens', '8']),
    {
      command: 'request',
      profile: 'p.json',
      prompt: 'Hello, world',
      stream: true,
      model: 'm',
      maxTokens: 8,
    },
  );
  assert.deepEqual(parseArgs(['build', 'b.json', '--dry-run']), {
    command: 'build',
    profile: 'b.json',
    dryRun: true,
    stopRunning: false,
  });
  assert.equal(
    (parseArgs(['build', 'b.json', '--stop-running']) as { stopRunning: boolean }).stopRunning,
    true,
  );
  assert.deepEqual(
    parseArgs([
      'init',
      'repo',
      '--llmapi',
      '--model',
      'org/m',
      '--tp',
      '2',
      '--pp=1',
      '--decoupled',
      '--name',
      'llm',
    ]),
    {
      command: 'init',
      dir: 'repo',
      model: 'org/m',
      decoupled: true,
      name: 'llm',
      tensorParallelSize: 2,
      pipelineParallelSize: 1,
    },
  );
});

test('usage errors name the option and the command whose help explains it', () => {
  for (const [args, message, command] of [
    [['init', 'repo', '--model', 'm'], 'init creates llmapi models only for now: give --llmapi', 'init'],
    [
      ['request', 'p.json', 'hi', '--max-tokens', '0'],
      /--max-tokens takes a positive number, not "0"/,
      'request',
    ],
    [['up', 'p.json', '--workspace', ''], /--workspace takes a directory, not nothing/, 'up'],
    [['status', '--format', 'sarif'], /Allowed choices are text, json/, 'status'],
    [['bogus'], /unknown command 'bogus'/, undefined],
  ] as [string[], string | RegExp, string | undefined][]) {
    assert.throws(
      () => parseArgs(args),
      (e: unknown) =>
        e instanceof UsageError &&
        (typeof message === 'string' ? e.message === message : message.test(e.message)) &&
        e.command === command,
      args.join(' '),
    );
  }
});
