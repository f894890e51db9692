// Whether the Docker engine of the test run answers (.ci/start-docker.sh starts one and prints DOCKER_HOST).
// Tests against the engine skip, saying why, when none answers, except under CI=true, where they must run.
import { spawnSync } from 'node:child_process';
import { ci, skipWithout } from './requiredTool';

export { ci };

export const dockerAnswers =
  spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8', timeout: 10_000 })
    .status === 0;

/** The failure message when CI=true and no engine answers. */
export const ENGINE_REQUIRED = 'CI=true: a Docker engine must answer (.ci/start-docker.sh)';

/** node:test's `skip` option for a suite that needs the engine. */
export const dockerSkip: string | false = skipWithout(
  `no Docker engine answers (DOCKER_HOST=${process.env.DOCKER_HOST ?? 'unset'})`,
  dockerAnswers,
  'apt-get install docker.io busybox-static; eval "$(bash .ci/start-docker.sh)"; export DOCKER_HOST',
);

/** For a mocha suite inside VS Code (call it from `before`): skips it, or fails under CI=true. */
export function requireDockerEngine(context: { skip(): void }): void {
  if (dockerAnswers) return;
  if (ci) throw new Error(ENGINE_REQUIRED);
  console.log(`skipped: no Docker engine answers (DOCKER_HOST=${process.env.DOCKER_HOST ?? 'unset'})`);
  context.skip();
}
