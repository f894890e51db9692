// "Triton: Refresh Containers": reads the engine again now instead of at the next poll.
import { command } from './command';

export default command(
  'tritonToolkit.refreshContainers',
  async (services) => {
    const { state, tree } = services.containers();
    await state.sync();
    tree.refresh();
  },
  { trusted: true },
);
