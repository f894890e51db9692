import { Command as Program, CommanderError, InvalidArgumentError, Option } from 'commander';
import { version } from '../../../package.json';
import type { ExportTarget } from '../deploy/exportDeployment';

export const CHECK_FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export interface CheckCommand {
  command: 'check';
  paths: string[];
  format: CheckFormat;
  strictModelConfig: boolean;
  /** Globs of directories a directory search leaves out (`--exclude`, repeatable). */
  exclude: string[];
  /** Exit 1 when there are more warnings than this (`--max-warnings N`, as ESLint's). */
  maxWarnings?: number;
  /** The lowest severity that makes the exit status 1 (`--fail-on`; default error). */
  failOn: 'error' | 'warning';
  /** GPUs on the serving machine (`--gpus N`), for rules about device ids. */
  gpuCount?: number;
  /** The Triton image that will serve (`--image <tag>`), for engine version checks. */
  serverImage?: string;
  /** MPI ranks launched in leader mode (`--world-size N`), for engine world-size checks. */
  worldSize?: number;
  /** Every template note on its own line (text output groups them per model otherwise). */
  verbose?: boolean;
  /** The values file (`--values <file>`); otherwise found beside the repository. */
  values?: string;
}

export interface RenderCommand {
  command: 'render';
  repo: string;
  /** The values file; without it, <repo>/triton-values.json when there is one. */
  values?: string;
  /** `--set` strings in order (a later one wins). */
  set: string[];
  out: string;
  /** Write even when the rendered repository would not load. */
  force: boolean;
  /** Overwrite files edited since the last render without asking. */
  yes: boolean;
}

export interface UpCommand {
  command: 'up';
  profile: string;
  /** Overrides the profile's readyTimeoutSeconds. */
  timeoutSeconds?: number;
  /** Print the container spec (secrets masked) instead of launching. */
  dryRun: boolean;
  /** Replace the profile's running container when its spec differs from the profile's. */
  recreate: boolean;
  workspace?: string;
}

export interface DownCommand {
  command: 'down';
  profiles: string[];
  all: boolean;
  workspace?: string;
}

export interface StatusCommand {
  command: 'status';
  format: 'text' | 'json';
  workspace?: string;
}

/**
 * `export compose|kubernetes <profile> --out <dir>`: a deployment's files, made from a profile
 * (`export kubernetes --kserve` is the target 'kserve').
 */
export interface ExportCommand {
  command: 'export';
  target: ExportTarget;
  profile: string;
  out: string;
  /** Overwrite files edited since the last export, or not written by one. */
  force: boolean;
  /** The workspace the Compose labels name. */
  workspace?: string;
}

export interface BuildCommand {
  command: 'build';
  profile: string;
  /** Print the warnings, the two argv arrays and the container specs instead of building. */
  dryRun: boolean;
  /** Stop a build of the same profile that is still running, instead of refusing to start. */
  stopRunning: boolean;
}

export interface RequestCommand {
  command: 'request';
  profile: string;
  prompt: string;
  stream: boolean;
  model?: string;
  maxTokens?: number;
  workspace?: string;
}

export interface NewCommand {
  command: 'new';
  /** The directory to create (missing or empty). */
  dir: string;
  image: string;
  /** inflight_batcher_llm or llmapi; default: the first the image has. */
  layout?: string;
  format: 'text' | 'json';
}

/** `init <dir> --llmapi --model <id>`: a new llmapi model directory in a repository. */
export interface InitCommand {
  command: 'init';
  /** The model repository to add the model directory to. */
  dir: string;
  model: string;
  name?: string;
  tensorParallelSize?: number;
  pipelineParallelSize?: number;
  decoupled: boolean;
}

export type Command =
  | NewCommand
  | InitCommand
  | BuildCommand
  | CheckCommand
  | RenderCommand
  | UpCommand
  | DownCommand
  | StatusCommand
  | RequestCommand
  | ExportCommand
  | { command: 'help'; text: string }
  | { command: 'version' };

/** A command line that cannot be run; `command` names the sub-command whose `--help` explains it. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

const FORCE_HELP = 'Overwrite files edited since the last export, or not written by one.';

const EXIT_STATUS =
  'Exit status (every command; see the README): 0 done, no errors; 1 ran and found problems;\n' +
  '2 could not run (usage, I/O, Docker unreachable, image missing, a target it must not touch).';

/**
 * The command line, declared once with commander: every command, its arguments and options, their help
 * and their checks. Each command's action turns commander's values into the typed command object the
 * command's module takes (so those modules never see commander).
 */
function declareProgram(done: (command: Command) => void, write: (text: string) => void): Program {
  const program = new Program('triton-repo')
    .description(
      'Checks Triton model configurations (config.pbtxt) before Triton loads them, renders TensorRT-LLM ' +
        'templates, builds engines and launches Triton in containers.',
    )
    .exitOverride()
    .configureOutput({ writeOut: write, writeErr: write, outputError: () => undefined })
    .showSuggestionAfterError()
    .helpOption('-h, --help', 'Show this help.')
    .version(version, '--version', 'Show the version.')
    .addHelpText(
      'after',
      `\nSee \`triton-repo <command> --help\` for each command's options.\n${EXIT_STATUS}`,
    );

  const format = (formats: readonly string[], description: string) =>
    new Option('--format <format>', description).choices(formats).default('text');

  program
    .command('check')
    .summary('check model repositories, models or config files')
    .description(
      'Checks Triton model configurations. A <path> is a config file, a model directory (holds ' +
        'config.pbtxt; checked within its repository) or any other directory, searched for the model ' +
        'repositories below it (directories whose sub-directories hold config.pbtxt), skipping .git, ' +
        'node_modules, hidden directories and those matching --exclude or a .tritonignore.',
    )
    .argument('<path...>', 'config files, model directories, or directories to search')
    .addOption(
      format(
        CHECK_FORMATS,
        'Output: text, json (see the README), sarif (SARIF 2.1.0 for code scanning) or github ' +
          '(GitHub Actions annotations).',
      ),
    )
    .option(
      '--strict-model-config',
      'Check as tritonserver --disable-auto-complete-config would: inputs and outputs must then ' +
        'be complete in config.pbtxt.',
    )
    .option(
      '--gpus <n>',
      'GPUs on the serving machine (instance groups are checked against it; without it, the ' +
        'count comes from nvidia-smi -L when installed, else GPU ids are not checked).',
      count('--gpus', 'the number of GPUs', 0),
    )
    .option(
      '--image <tag>',
      'Triton image that will serve, e.g. nvcr.io/nvidia/tritonserver:24.07-trtllm-python-py3: ' +
        'TensorRT-LLM engines must come from the release it carries.',
      text('--image', 'an image reference or tag'),
    )
    .option(
      '--world-size <n>',
      'Ranks launch_triton_server.py --world_size starts (leader mode): TensorRT-LLM engines must ' +
        'be built for as many.',
      count('--world-size', 'a number of ranks', 1),
    )
    .option(
      '--exclude <glob>',
      'Leave out directories matching the glob when searching (repeatable; also read one per ' +
        'line from <dir>/.tritonignore).',
      collect(text('--exclude', 'a glob')),
      [] as string[],
    )
    .option(
      '--max-warnings <n>',
      'Exit 1 when there are more than n warnings (as ESLint).',
      count('--max-warnings', 'a number of warnings', 0),
    )
    .addOption(
      new Option('--fail-on <severity>', 'Exit 1 on errors only (default), or on warnings too.')
        .choices(['error', 'warning'])
        .default('error'),
    )
    .option(
      '--values <file>',
      'Values file of a template repository (default: the first triton-values.json or ' +
        '<repo>.triton-values.json in the repository or a directory above it, up to the working directory).',
      text('--values', 'a file'),
    )
    .option(
      '--verbose',
      'Every template note on its own line (text output groups them per config; JSON output always has ' +
        'every diagnostic).',
    )
    .addHelpText('after', `\n${EXIT_STATUS}`)
    .action((paths: string[], o: Record<string, unknown>) =>
      done({
        command: 'check',
        paths,
        format: o.format as CheckFormat,
        strictModelConfig: o.strictModelConfig === true,
        exclude: o.exclude as string[],
        failOn: o.failOn as 'error' | 'warning',
        verbose: o.verbose === true,
        ...defined({
          values: o.values as string | undefined,
          gpuCount: o.gpus as number | undefined,
          serverImage: o.image as string | undefined,
          worldSize: o.worldSize as number | undefined,
          maxWarnings: o.maxWarnings as number | undefined,
        }),
      }),
    );

  program
    .command('render')
    .summary('fill TensorRT-LLM templates into a model repository')
    .description(
      'Fills the templates of <template-repo> as fill_template.py does, from a values file, ' +
        'TRTLLM__<MODEL>__<VARIABLE> environment variables and --set strings (see the README), and ' +
        'writes the repository to --out unless it would not load.',
    )
    .argument('<template-repo>', 'the template repository')
    .option(
      '--values <file>',
      'Values file (default: found as for check, and named in the output).',
      text('--values', 'a file'),
    )
    .option(
      '--set <values>',
      'key=value, model/key=value, or fill_template.py\'s "k1:v1,k2:v2" (repeatable; a later one wins).',
      collect((v: string) => v),
      [] as string[],
    )
    .requiredOption(
      '--out <dir>',
      'Output repository; files edited since the last render are only overwritten with --yes ' +
        '(or after a prompt on a terminal).',
      text('--out', 'a directory'),
    )
    .option('--force', 'Write even if the rendered repository would not load.')
    .option('-y, --yes', 'Overwrite edited files without asking.')
    .action((repo: string, o: Record<string, unknown>) =>
      done({
        command: 'render',
        repo,
        set: o.set as string[],
        out: o.out as string,
        force: o.force === true,
        yes: o.yes === true,
        ...defined({ values: o.values as string | undefined }),
      }),
    );

  const workspace = (what: string) =>
    new Option('--workspace <dir>', what).argParser(text('--workspace', 'a directory'));

  program
    .command('up')
    .summary('start Triton in a container for a deployment profile')
    .description(
      "Checks the profile's repository, starts Triton in a container, shows its log and waits until " +
        '/v2/health/ready answers (exit 1 if Triton exits first, 2 if it is not ready in time). If the ' +
        "profile's container already runs with the same spec, reports it; with another spec, says what " +
        'changed (--recreate replaces it). A <profile> is a *.triton-deploy.json file.',
    )
    .argument('<profile>', 'the *.triton-deploy.json file')
    .option(
      '--timeout <seconds>',
      "Overrides the profile's readyTimeoutSeconds.",
      count('--timeout', 'a number of seconds', 1),
    )
    .option('--dry-run', 'Print the container spec (secrets masked) instead of launching.')
    .option('--recreate', "Replace the profile's running container when its spec changed.")
    .addOption(workspace('The workspace the container belongs to (default: the current directory).'))
    .action((profile: string, o: Record<string, unknown>) =>
      done({
        command: 'up',
        profile,
        dryRun: o.dryRun === true,
        recreate: o.recreate === true,
        ...defined({
          timeoutSeconds: o.timeout as number | undefined,
          workspace: o.workspace as string | undefined,
        }),
      }),
    );

  program
    .command('down')
    .summary("stop and remove a profile's container, or all of them")
    .description(
      "Stops the profile's container (SIGTERM, then kill after the grace period) and removes it; " +
        '--all: every container this tool started.',
    )
    .argument('[profile...]', 'the *.triton-deploy.json files')
    .option('--all', 'Every container this tool started.')
    .addOption(workspace('Only the containers of this workspace (default: all workspaces).'))
    .action((profiles: string[], o: Record<string, unknown>) => {
      const all = o.all === true;
      if (all === profiles.length > 0) throw new UsageError('down takes profile files, or --all', 'down');
      done({ command: 'down', profiles, all, ...defined({ workspace: o.workspace as string | undefined }) });
    });

  program
    .command('status')
    .summary('list the containers this tool started')
    .description(
      "Lists the containers this tool started, whether they are ready, and their models' states, and " +
        "this machine's GPUs.",
    )
    .addOption(format(['text', 'json'], 'Output: text or json.'))
    .addOption(workspace('Only the containers of this workspace (default: all workspaces).'))
    .action((o: Record<string, unknown>) =>
      done({
        command: 'status',
        format: o.format as 'text' | 'json',
        ...defined({ workspace: o.workspace as string | undefined }),
      }),
    );

  const exporting = program
    .command('export')
    .summary("write a profile's deployment files: Compose + nginx, Kustomize or KServe")
    .description(
      'Writes the files that deploy a profile with another tool, checked before they are written; see each ' +
        'target. A file is replaced only when the last export wrote it and nobody edited it since (--force: always).',
    );
  exporting
    .command('compose')
    .summary('compose.yaml and nginx.conf: one Triton per replica, nginx in front')
    .description(
      'Writes <dir>/compose.yaml (one Triton service per replica on GPUs of its own, and nginx in front) ' +
        'and <dir>/nginx.conf, for `docker compose` or docker-compose 1.29. Both are checked first (the ' +
        'Compose schema and our own rules); nothing is written while a check fails. A file edited since ' +
        'it was exported is replaced only with --force.',
    )
    .argument('<profile>', 'the *.triton-deploy.json file')
    .requiredOption('--out <dir>', 'The directory to write into.', text('--out', 'a directory'))
    .option('--force', FORCE_HELP)
    .addOption(workspace('The workspace the labels name (default: the current directory).'))
    .action((profile: string, o: Record<string, unknown>) =>
      done({
        command: 'export',
        target: 'compose',
        profile,
        out: o.out as string,
        force: o.force === true,
        ...defined({ workspace: o.workspace as string | undefined }),
      }),
    );
  exporting
    .command('kubernetes')
    .summary('a Kustomize directory, or KServe documents with --kserve')
    .description(
      'Writes a Kustomize directory (kustomization.yaml, a Deployment, a Service, and a HorizontalPodAutoscaler when ' +
        'the profile sets kubernetes.maxReplicas) for `kubectl apply -k <dir>`, or with --kserve a KServe ' +
        "ServingRuntime and InferenceService (kserve.yaml). Every document is checked against Kubernetes' " +
        "schemas (core kinds) or KServe v0.20's fields, unknown fields refused.",
    )
    .argument('<profile>', 'the *.triton-deploy.json file (with a "kubernetes" section)')
    .requiredOption('--out <dir>', 'The directory to write into.', text('--out', 'a directory'))
    .option('--kserve', 'KServe (ServingRuntime + InferenceService) instead of Kustomize.')
    .option('--force', FORCE_HELP)
    .action((profile: string, o: Record<string, unknown>) =>
      done({
        command: 'export',
        target: o.kserve === true ? 'kserve' : 'kustomize',
        profile,
        out: o.out as string,
        force: o.force === true,
      }),
    );

  program
    .command('request')
    .summary("send a test request to a profile's running container")
    .description(
      "Sends a test request to the generate endpoint (generate_stream with --stream) of the profile's " +
        'running container and prints the reply and the latency.',
    )
    .argument('<profile>', 'the *.triton-deploy.json file')
    .argument('<prompt>', 'the text to send')
    .option('--stream', 'Use generate_stream and print the reply as it comes.')
    .option('--model <name>', 'The model to ask (default: ensemble).', text('--model', 'a model name'))
    .option(
      '--max-tokens <n>',
      'The max_tokens of the request.',
      count('--max-tokens', 'a positive number', 1),
    )
    .addOption(workspace('The workspace the container belongs to (default: all workspaces).'))
    .action((profile: string, prompt: string, o: Record<string, unknown>) =>
      done({
        command: 'request',
        profile,
        prompt,
        stream: o.stream === true,
        ...defined({
          model: o.model as string | undefined,
          maxTokens: o.maxTokens as number | undefined,
          workspace: o.workspace as string | undefined,
        }),
      }),
    );

  program
    .command('build')
    .summary('build a TensorRT-LLM engine from a build profile')
    .description(
      "Runs convert_checkpoint.py, then trtllm-build, in the profile's image with its GPUs, into a " +
        'temporary directory that replaces the output directory only on success (with a build record ' +
        'beside the engine). A build of the same profile that still runs is reported (--stop-running ' +
        'stops it), and what a killed build left (containers, staging directory) is removed. ' +
        'A <profile> is a *.triton-build.json file.',
    )
    .argument('<profile>', 'the *.triton-build.json file')
    .option('--dry-run', 'Print the warnings and the commands instead of building.')
    .option('--stop-running', 'Stop a build of the same profile that is still running, then build.')
    .action((profile: string, o: Record<string, unknown>) =>
      done({ command: 'build', profile, dryRun: o.dryRun === true, stopRunning: o.stopRunning === true }),
    );

  program
    .command('new')
    .summary('a new model repository from the TensorRT-LLM templates in an image')
    .description(
      "Copies the TensorRT-LLM backend's templates out of the image (on this host; it is not run) into " +
        '<dir> (missing or empty) with a triton-values.json listing every variable; exit 1 if the image ' +
        'holds no templates (every path looked in is named).',
    )
    .argument('<dir>', 'the directory to create (missing or empty)')
    .requiredOption('--image <image>', 'The image holding the templates.', text('--image', 'an image'))
    .addOption(
      new Option(
        '--layout <layout>',
        'inflight_batcher_llm (engine) or llmapi (no engine); default: the first the image has.',
      ).choices(['inflight_batcher_llm', 'llmapi']),
    )
    .option('--json', 'Print one JSON document (see the README).')
    .action((dir: string, o: Record<string, unknown>) =>
      done({
        command: 'new',
        dir,
        image: o.image as string,
        format: o.json === true ? 'json' : 'text',
        ...defined({ layout: o.layout as string | undefined }),
      }),
    );

  program
    .command('init')
    .summary("a new llmapi model (TensorRT-LLM's LLM API, no engine build)")
    .description(
      'Writes <repo-dir>/<NAME>/config.pbtxt and <NAME>/1/model.yaml (NAME defaults to tensorrt_llm); ' +
        'never overwrites (exit 2 if a file exists).',
    )
    .argument('<repo-dir>', 'the model repository to add the model to')
    .option('--llmapi', 'An llmapi model (the only kind init creates for now).')
    .requiredOption(
      '--model <hf-id-or-path>',
      'The Hugging Face model id or path.',
      text('--model', 'a value'),
    )
    .option('--name <name>', 'The model directory (default: tensorrt_llm).', text('--name', 'a value'))
    .option('--tp <n>', 'Tensor parallel size.', count('--tp', 'a positive number', 1))
    .option('--pp <n>', 'Pipeline parallel size.', count('--pp', 'a positive number', 1))
    .option('--decoupled', 'Stream responses (a decoupled model).')
    .action((dir: string, o: Record<string, unknown>) => {
      if (o.llmapi !== true)
        throw new UsageError('init creates llmapi models only for now: give --llmapi', 'init');
      done({
        command: 'init',
        dir,
        model: o.model as string,
        decoupled: o.decoupled === true,
        ...defined({
          name: o.name as string | undefined,
          tensorParallelSize: o.tp as number | undefined,
          pipelineParallelSize: o.pp as number | undefined,
        }),
      });
    });

  return program;
}

/** The program's declaration without a run, for the help text of every command (and the README test). */
export function describeCommands(): Program {
  return declareProgram(
    () => undefined,
    () => undefined,
  );
}

export function parseArgs(argv: readonly string[]): Command {
  if (argv.length === 0) throw new UsageError('missing command');
  let result: Command | undefined;
  let output = '';
  const program = declareProgram(
    (command) => (result = command),
    (text) => (output += text),
  );
  const command = program.commands.find((c) => c.name() === argv[0])?.name();
  try {
    program.parse(argv, { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    if (e.code === 'commander.version') return { command: 'version' };
    if (e.code === 'commander.helpDisplayed' || (e.code === 'commander.help' && e.exitCode === 0))
      return { command: 'help', text: output };
    throw new UsageError(e.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' '), command);
  }
  if (result === undefined) throw new UsageError('missing command', command);
  return result;
}

/** An argument parser for a whole number of at least `min`; the message names the option. */
function count(option: string, what: string, min: number): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || Number(value) < min)
      throw new InvalidArgumentError(`${option} takes ${what}, not "${value}".`);
    return Number(value);
  };
}

/** An argument parser for a non-empty value that does not look like an option. */
function text(option: string, what: string): (value: string) => string {
  return (value) => {
    if (value === '' || value.startsWith('-'))
      throw new InvalidArgumentError(`${option} takes ${what}, not ${value ? `"${value}"` : 'nothing'}.`);
    return value;
  };
}

/** A repeatable option: each value, parsed, appended in order. */
function collect(parse: (value: string) => string): (value: string, previous: string[]) => string[] {
  return (value, previous) => [...previous, parse(value)];
}

/** The entries whose value is defined (exactOptionalPropertyTypes keeps `undefined` out of options). */
function defined<T extends Record<string, unknown>>(
  values: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
