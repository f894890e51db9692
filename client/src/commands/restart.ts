// "Triton: Restart" (a container's context menu): stop it, then launch its profile again.
import { LABEL_PROFILE } from '../../../server/src/deploy/spec';
import { entryOf } from '../deploy/containerTree';
import type { ContainerNode } from '../deploy/containerTree';
import { command } from './command';
import { launch } from './launch';
import type { Services } from './services';
import { stopContainers } from './stop';

export default command(
  'tritonToolkit.restart',
  async (services: Services, node?: ContainerNode) => {
    const e = entryOf(node);
    const profile = e?.labels[LABEL_PROFILE];
    if (!e || !profile) return undefined;
    await stopContainers(services, e);
    return launch(services, { profile });
  },
  { trusted: true },
);
