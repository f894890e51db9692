// "Triton: New Deployment Profile": a *.triton-deploy.json profile from a template, beside the repository
// it serves (deploy/newProfile.ts), opened for editing; never overwrites a file.
import { newProfile } from '../deploy/newProfile';
import { command } from './command';

export default command(
  'tritonToolkit.newDeployProfile',
  (_services, args?: { repository?: string; name?: string }) =>
    newProfile('deploy', args && typeof args === 'object' && !('scheme' in args) ? args : {}),
);
