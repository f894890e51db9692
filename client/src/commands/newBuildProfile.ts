// "Triton: New Build Profile": a *.triton-build.json profile from a template, beside the repository
// it serves (deploy/newProfile.ts), opened for editing; never overwrites a file.
import { newProfile } from '../deploy/newProfile';
import { command } from './command';

export default command(
  'tritonToolkit.newBuildProfile',
  (_services, args?: { repository?: string; name?: string }) =>
    newProfile('build', args && typeof args === 'object' && !('scheme' in args) ? args : {}),
);
