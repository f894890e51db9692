// "Triton: Send Test Request": a prompt to a ready model of a ready container (deploy/testRequest.ts picks
// the model and builds the request from the model's inputs as Triton reports them).
import { entryOf, isContainerNode } from '../deploy/containerTree';
import type { ContainerNode } from '../deploy/containerTree';
import { sendTestRequestCommand } from '../deploy/testRequest';
import type { TestRequestArgs } from '../deploy/testRequest';
import { command } from './command';

export default command(
  'tritonToolkit.sendTestRequest',
  (services, arg?: TestRequestArgs | ContainerNode) => {
    const containers = services.containers();
    return sendTestRequestCommand(
      { containers: containers.status, logs: containers.logs, memory: services.context.workspaceState },
      arg && !isContainerNode(arg) ? arg : {},
      isContainerNode(arg) ? entryOf(arg) : undefined,
    );
  },
  { trusted: true },
);
