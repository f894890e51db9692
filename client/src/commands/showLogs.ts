// "Triton: Show Logs": the "Triton Containers" output, where the logs of every running container of the
// workspace are followed (re-attached after a window reload).
import { command } from './command';

export default command('tritonToolkit.showLogs', (services) => services.containers().logs.show(), {
  trusted: true,
});
