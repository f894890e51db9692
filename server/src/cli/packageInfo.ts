// What the published CLI is called and where its documentation lives, in one place: the SARIF output's
// tool.driver and rule help links, and scripts/pack-cli.mjs (the npm package) read these.

/** The npm package and the command it installs. */
export const CLI_PACKAGE_NAME = 'triton-repo';

/**
 * The project's public home, where README.md and DIAGNOSTICS.md are rendered. ASSUMED: the project has no
 * public repository yet; change this one constant (and package.json's `repository`) when it has.
 */
export const PROJECT_URL = 'https://github.com/triton-trtllm-toolkit/triton-trtllm-toolkit';

/** Where the documentation files of this version are read (rule help links point into DIAGNOSTICS.md). */
export const DOCS_BASE_URI = `${PROJECT_URL}/blob/main`;
