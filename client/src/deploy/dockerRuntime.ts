// The Docker runtime for the extension's commands. dockerode and its dependencies are megabytes: they live
// in a bundle of their own (dist/docker-runtime.js, see scripts/build.mjs), loaded the first time a command
// needs Docker, so that activation stays fast. One instance is shared by every command.
import type * as vscode from 'vscode';
import type * as DockerodeRuntime from '../../../server/src/deploy/dockerodeRuntime';
import type { ContainerRuntime } from '../../../server/src/deploy/runtime';

let loaded: ContainerRuntime | undefined;

export function lazyDockerRuntime(context: vscode.ExtensionContext): () => ContainerRuntime {
  return () => {
    loaded ??= loadBundle<typeof DockerodeRuntime>(
      context.asAbsolutePath('dist/docker-runtime.js'),
    ).dockerodeRuntime();
    return loaded;
  };
}

/** A bundle of dist/ loaded when a command first needs it (dist/docker-runtime.js, dist/from-image.js). */
export function loadBundle<T>(bundle: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a run-time load by design
  return require(bundle) as T;
}
