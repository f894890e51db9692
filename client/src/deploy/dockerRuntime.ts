// The Docker runtime for the extension's commands. dockerode and its dependencies are megabytes: they live
// in a bundle of their own (dist/docker-runtime.js, see scripts/build.mjs), loaded the first time a command
// needs Docker, so that activation stays fast. One instance is shared by every command.
import type * as vscode from 'vscode';
import type * as DockerodeRuntime from '../../../server/src/deploy/dockerodeRuntime';
import type { ContainerRuntime } from '../../../server/src/deploy/runtime';

let loaded: ContainerRuntime | undefined;

export function lazyDockerRuntime(context: vscode.ExtensionContext): () => ContainerRuntime {
  return () => {
    loaded ??= loadBundle(context.asAbsolutePath('dist/docker-runtime.js')).dockerodeRuntime();
    return loaded;
  };
}

function loadBundle(bundle: string): typeof DockerodeRuntime {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a run-time load by design
  return require(bundle) as typeof DockerodeRuntime;
}
