// Every command of the extension, one file each (client/src/commands/<name>.ts for `tritonToolkit.<name>`),
// registered at activation before the language client starts: only Show Rendered Preview and Render Model
// Repository ask the server, and they wait for it. test/package/commands.test.ts keeps this list, the files
// and package.json's contributes.commands in step.
import buildEngine from './buildEngine';
import checkRepository from './checkRepository';
import { registerCommand } from './command';
import type { Command } from './command';
import copyUrl from './copyUrl';
import exportDeployment from './exportDeployment';
import launch from './launch';
import newBuildProfile from './newBuildProfile';
import newDeployProfile from './newDeployProfile';
import newRepositoryFromImage from './newRepositoryFromImage';
import openMetrics from './openMetrics';
import openProfile from './openProfile';
import refreshContainers from './refreshContainers';
import renderRepository from './renderRepository';
import restart from './restart';
import sendTestRequest from './sendTestRequest';
import type { Services } from './services';
import showLogs from './showLogs';
import showRenderedPreview from './showRenderedPreview';
import stop from './stop';
import stopAll from './stopAll';

export const allCommands: readonly Command[] = [
  buildEngine,
  checkRepository,
  copyUrl,
  exportDeployment,
  launch,
  newBuildProfile,
  newDeployProfile,
  newRepositoryFromImage,
  openMetrics,
  openProfile,
  refreshContainers,
  renderRepository,
  restart,
  sendTestRequest,
  showLogs,
  showRenderedPreview,
  stop,
  stopAll,
];

export function registerAllCommands(services: Services): void {
  services.context.subscriptions.push(...allCommands.map((c) => registerCommand(services, c)));
}
