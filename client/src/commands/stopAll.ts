// "Triton: Stop All Containers of the Workspace": `triton-repo down` for the workspace.
import { down } from '../../../server/src/deploy/deploy';
import { command } from './command';
import type { Services } from './services';

export default command(
  'tritonToolkit.stopAll',
  async (services: Services) => {
    const { runtime, workspace, logs, state } = services.containers();
    const results = await down(runtime(), { workspace: workspace() ?? '' });
    logs.appendLine(`stopped ${results.length} container(s)`);
    await state.sync();
    return results;
  },
  { trusted: true },
);
