export interface CheckCommand {
  command: 'check';
  paths: string[];
  format: 'text' | 'json';
  strictModelConfig: boolean;
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

export interface BuildCommand {
  command: 'build';
  profile: string;
  /** Print the warnings, the two argv arrays and the container specs instead of building. */
  dryRun: boolean;
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
  | { command: 'help' }
  | { command: 'version' };

export class UsageError extends Error {}

export const USAGE = `Usage: triton-repo check <path>... [--format text|json] [--strict-model-config] [--gpus N]
                         [--image <tag>] [--world-size N] [--values <file>] [--verbose]
       triton-repo render <template-repo> [--values <file>] [--set <values>]... --out <dir> [--force] [--yes]
       triton-repo up <profile> [--timeout SECONDS] [--dry-run] [--workspace DIR]
       triton-repo down <profile>... | --all [--workspace DIR]
       triton-repo status [--format text|json] [--workspace DIR]
       triton-repo build <profile> [--dry-run]
       triton-repo request <profile> "<prompt>" [--stream] [--model NAME] [--max-tokens N]
       triton-repo new <dir> --image <image> [--layout inflight_batcher_llm|llmapi] [--json]
       triton-repo init <repo-dir> --llmapi --model <hf-id-or-path> [--name NAME] [--tp N] [--pp N]
                        [--decoupled]

Checks Triton model configurations (config.pbtxt) before Triton loads them.
A <path> is a config file, a model directory (holds config.pbtxt) or a model
repository (its sub-directories are models).

Options:
  --format text|json     Output format (default: text). JSON is documented in the README.
  --strict-model-config  Check as tritonserver --disable-auto-complete-config would:
                         inputs and outputs must then be complete in config.pbtxt.
  --gpus N               GPUs on the serving machine (instance groups are checked
                         against it; without it, GPU ids are not checked).
  --image <tag>          Triton image that will serve, e.g.
                         nvcr.io/nvidia/tritonserver:24.07-trtllm-python-py3: TensorRT-LLM
                         engines must come from the release it carries.
  --world-size N         Ranks launch_triton_server.py --world_size starts (leader
                         mode): TensorRT-LLM engines must be built for as many.
  --values <file>        Values file of a template repository (default: the first
                         triton-values.json or <repo>.triton-values.json in the
                         repository or a directory above it, up to the working directory).
  --verbose              Every template note on its own line (text output groups
                         them per model; JSON output always has every diagnostic).

Render options (see the README for the values file and TRTLLM__<MODEL>__<VARIABLE>):
  --values <file>        Values file (default: found as for check, and named in the output).
  --set <values>         key=value, model/key=value, or fill_template.py's "k1:v1,k2:v2".
  --out <dir>            Output repository; files edited since the last render are
                         only overwritten with --yes (or after a prompt on a terminal).
  --force                Write even if the rendered repository would not load.
  --yes                  Overwrite edited files without asking.

  -h, --help             Show this help.
  --version              Show the version.

Containers (a <profile> is a *.triton-deploy.json file; see the README):
  up       checks the profile's repository, starts Triton in a container, shows
           its log and waits until /v2/health/ready answers (exit 1 if not)
  down     stops the profile's container (SIGTERM, then kill after the grace
           period) and removes it; --all: every container this tool started
  status   lists the containers this tool started, whether they are ready, and
           their models' states
  request  sends a test request to the generate endpoint (generate_stream with
           --stream) of the profile's running container (model "ensemble" by
           default) and prints the reply and the latency
  --workspace DIR  the workspace the containers belong to (default: the
                   current directory for up; all workspaces for down/status)

Engines (a <profile> is a *.triton-build.json file; see the README):
  build    runs convert_checkpoint.py, then trtllm-build, in the profile's image
           with its GPUs, into a temporary directory that replaces the output
           directory only on success (with a build record beside the engine);
           --dry-run prints the warnings and the commands instead

New repository from an image (the image must be on this host; it is not run):
  new      copies the TensorRT-LLM backend's templates out of the image into <dir>
           (missing or empty) with a triton-values.json listing every variable;
           --layout picks inflight_batcher_llm (engine) or llmapi (no engine);
           exit 1 if the image holds no templates (every path looked in is named)
No-build models (TensorRT-LLM's llmapi model, served from a Hugging Face model):
  init     writes <repo-dir>/<NAME>/config.pbtxt and <NAME>/1/model.yaml (NAME
           defaults to tensorrt_llm); never overwrites (exit 1 if a file exists)

Exit status: 0 no errors, 1 errors found, 2 usage or I/O failure.`;

export function parseArgs(argv: readonly string[]): Command {
  if (argv.includes('-h') || argv.includes('--help')) return { command: 'help' };
  if (argv.includes('--version')) return { command: 'version' };
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('missing command');
  if (command === 'render') return parseRender(rest);
  if (command === 'build') return parseBuild(rest);
  if (command === 'up' || command === 'down' || command === 'status') return parseDeployArgs(command, rest);
  if (command === 'request') return parseRequest(rest);
  if (command === 'new') return parseNew(rest);
  if (command === 'init') return parseInit(rest);
  if (command !== 'check') throw new UsageError(`unknown command "${command}"`);
  const result: CheckCommand = { command: 'check', paths: [], format: 'text', strictModelConfig: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg.includes('=') ? arg.slice('--format='.length) : rest[++i];
      if (value !== 'text' && value !== 'json') {
        throw new UsageError(
          `--format takes "text" or "json", not ${value === undefined ? 'nothing' : `"${value}"`}`,
        );
      }
      result.format = value;
    } else if (arg === '--gpus' || arg.startsWith('--gpus=')) {
      const value = arg.includes('=') ? arg.slice('--gpus='.length) : rest[++i];
      if (value === undefined || !/^\d+$/.test(value)) {
        throw new UsageError(
          `--gpus takes the number of GPUs, not ${value === undefined ? 'nothing' : `"${value}"`}`,
        );
      }
      result.gpuCount = Number(value);
    } else if (arg === '--world-size' || arg.startsWith('--world-size=')) {
      const value = arg.includes('=') ? arg.slice('--world-size='.length) : rest[++i];
      if (value === undefined || !/^[1-9]\d*$/.test(value)) {
        throw new UsageError(
          `--world-size takes a number of ranks, not ${value === undefined ? 'nothing' : `"${value}"`}`,
        );
      }
      result.worldSize = Number(value);
    } else if (arg === '--image' || arg.startsWith('--image=')) {
      const value = arg.includes('=') ? arg.slice('--image='.length) : rest[++i];
      if (value === undefined || value === '' || value.startsWith('-')) {
        throw new UsageError(
          `--image takes an image reference or tag, not ${value ? `"${value}"` : 'nothing'}`,
        );
      }
      result.serverImage = value;
    } else if (arg === '--strict-model-config') {
      result.strictModelConfig = true;
    } else if (arg === '--verbose') {
      result.verbose = true;
    } else if (arg === '--values' || arg.startsWith('--values=')) {
      const value = arg.includes('=') ? arg.slice('--values='.length) : rest[++i];
      if (!value) throw new UsageError('--values takes the path of a values file');
      result.values = value;
    } else if (arg === '--') {
      result.paths.push(...rest.slice(i + 1));
      break;
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option "${arg}"`);
    } else {
      result.paths.push(arg);
    }
  }
  if (result.paths.length === 0) throw new UsageError('check needs at least one path');
  return result;
}

function parseRender(rest: readonly string[]): RenderCommand {
  const positional: string[] = [];
  const result: Omit<RenderCommand, 'repo' | 'out'> & { out?: string } = {
    command: 'render',
    set: [],
    force: false,
    yes: false,
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const option = /^(--values|--set|--out)(?:=([\s\S]*))?$/.exec(arg);
    if (option) {
      const value = option[2] ?? rest[++i];
      if (value === undefined) throw new UsageError(`${option[1]} needs a value`);
      if (option[1] === '--values') result.values = value;
      else if (option[1] === '--out') result.out = value;
      else result.set.push(value);
    } else if (arg === '--force') result.force = true;
    else if (arg === '--yes' || arg === '-y') result.yes = true;
    else if (arg.startsWith('-')) throw new UsageError(`unknown option "${arg}"`);
    else positional.push(arg);
  }
  if (positional.length !== 1) throw new UsageError('render needs exactly one template repository');
  if (result.out === undefined) throw new UsageError('render needs --out <dir>');
  return { ...result, repo: positional[0]!, out: result.out };
}

function optionValue(rest: readonly string[], i: number, name: string): [string | undefined, number] {
  const arg = rest[i]!;
  return arg.includes('=') ? [arg.slice(name.length + 1), i] : [rest[i + 1], i + 1];
}

function parseRequest(rest: readonly string[]): RequestCommand {
  const positional: string[] = [];
  let stream = false;
  let model: string | undefined;
  let maxTokens: number | undefined;
  let workspace: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const name = arg.split('=')[0]!;
    if (arg === '--stream') {
      stream = true;
    } else if (name === '--model' || name === '--workspace') {
      const [v, next] = optionValue(rest, i, name);
      i = next;
      if (!v) throw new UsageError(`${name} takes a value`);
      if (name === '--model') model = v;
      else workspace = v;
    } else if (name === '--max-tokens') {
      const [v, next] = optionValue(rest, i, name);
      i = next;
      if (v === undefined || !/^\d+$/.test(v) || Number(v) === 0)
        throw new UsageError('--max-tokens takes a positive number');
      maxTokens = Number(v);
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option "${arg}" for request`);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 2) throw new UsageError('request takes a profile file and a prompt');
  return {
    command: 'request',
    profile: positional[0]!,
    prompt: positional[1]!,
    stream,
    ...(model === undefined ? {} : { model }),
    ...(maxTokens === undefined ? {} : { maxTokens }),
    ...(workspace === undefined ? {} : { workspace }),
  };
}

function parseDeployArgs(command: 'up' | 'down' | 'status', rest: readonly string[]): Command {
  const positional: string[] = [];
  let format: 'text' | 'json' = 'text';
  let timeoutSeconds: number | undefined;
  let workspace: string | undefined;
  let dryRun = false;
  let all = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const name = arg.split('=')[0]!;
    if (name === '--timeout' && command === 'up') {
      const [v, next] = optionValue(rest, i, name);
      i = next;
      if (v === undefined || !/^\d+$/.test(v) || Number(v) === 0) {
        throw new UsageError(
          `--timeout takes a number of seconds, not ${v === undefined ? 'nothing' : `"${v}"`}`,
        );
      }
      timeoutSeconds = Number(v);
    } else if (name === '--workspace') {
      const [v, next] = optionValue(rest, i, name);
      i = next;
      if (!v) throw new UsageError('--workspace takes a directory');
      workspace = v;
    } else if (name === '--format' && command === 'status') {
      const [v, next] = optionValue(rest, i, name);
      i = next;
      if (v !== 'text' && v !== 'json') throw new UsageError('--format takes "text" or "json"');
      format = v;
    } else if (arg === '--dry-run' && command === 'up') {
      dryRun = true;
    } else if (arg === '--all' && command === 'down') {
      all = true;
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option "${arg}" for ${command}`);
    } else {
      positional.push(arg);
    }
  }
  const ws = workspace === undefined ? {} : { workspace };
  if (command === 'status') {
    if (positional.length > 0) throw new UsageError('status takes no paths');
    return { command, format, ...ws };
  }
  if (command === 'down') {
    if (all === positional.length > 0) throw new UsageError('down takes profile files, or --all');
    return { command, profiles: positional, all, ...ws };
  }
  if (positional.length !== 1) throw new UsageError('up takes one profile file');
  return {
    command,
    profile: positional[0]!,
    dryRun,
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
    ...ws,
  };
}

function parseBuild(rest: readonly string[]): BuildCommand {
  const positional: string[] = [];
  let dryRun = false;
  for (const arg of rest) {
    if (arg === '--dry-run') dryRun = true;
    else if (arg.startsWith('-')) throw new UsageError(`unknown option "${arg}" for build`);
    else positional.push(arg);
  }
  if (positional.length !== 1) throw new UsageError('build takes one profile file');
  return { command: 'build', profile: positional[0]!, dryRun };
}

function parseNew(rest: readonly string[]): NewCommand {
  const positional: string[] = [];
  let image: string | undefined;
  let layout: string | undefined;
  let format: NewCommand['format'] = 'text';
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const name = arg.split('=')[0]!;
    if (name === '--image' || name === '--layout') {
      const [v, next] = optionValue(rest, i, name);
      i = next;
      if (!v || v.startsWith('-')) throw new UsageError(`${name} takes a value`);
      if (name === '--image') image = v;
      else layout = v;
    } else if (arg === '--json') {
      format = 'json';
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option "${arg}" for new`);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 1) throw new UsageError('new takes one directory');
  if (image === undefined) throw new UsageError('new needs --image <image>');
  if (layout !== undefined && layout !== 'inflight_batcher_llm' && layout !== 'llmapi')
    throw new UsageError(`--layout takes inflight_batcher_llm or llmapi, not "${layout}"`);
  return { command: 'new', dir: positional[0]!, image, format, ...(layout === undefined ? {} : { layout }) };
}

function parseInit(rest: readonly string[]): InitCommand {
  const positional: string[] = [];
  let llmapi = false;
  let decoupled = false;
  const values: { model?: string; name?: string; tp?: number; pp?: number } = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const name = arg.split('=')[0]!;
    if (arg === '--llmapi') llmapi = true;
    else if (arg === '--decoupled') decoupled = true;
    else if (name === '--model' || name === '--name') {
      const [v, next] = optionValue(rest, i, name);
      i = next;
      if (!v) throw new UsageError(`${name} takes a value`);
      values[name === '--model' ? 'model' : 'name'] = v;
    } else if (name === '--tp' || name === '--pp') {
      const [v, next] = optionValue(rest, i, name);
      i = next;
      if (v === undefined || !/^[1-9]\d*$/.test(v)) throw new UsageError(`${name} takes a positive number`);
      values[name === '--tp' ? 'tp' : 'pp'] = Number(v);
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option "${arg}" for init`);
    else positional.push(arg);
  }
  if (!llmapi) throw new UsageError('init creates llmapi models only for now: give --llmapi');
  if (positional.length !== 1) throw new UsageError('init takes one model repository directory');
  if (values.model === undefined) throw new UsageError('init --llmapi needs --model <hf-id-or-path>');
  return {
    command: 'init',
    dir: positional[0]!,
    model: values.model,
    decoupled,
    ...(values.name === undefined ? {} : { name: values.name }),
    ...(values.tp === undefined ? {} : { tensorParallelSize: values.tp }),
    ...(values.pp === undefined ? {} : { pipelineParallelSize: values.pp }),
  };
}
