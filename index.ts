/**
 * The package's programmatic API (`require('health-api-conformance')`), at the top of the layering beside cli/.
 * The commands resolve with the CLI's exit code (0 conform, 1 contract failures, 2 could not run, 130 interrupted)
 * and print what the command line prints; the rest is the library they are built on.
 */
export { runCommand as run } from './cli/run';
export { verifyCommand as verify } from './cli/verify';
export { lintCommand as lint } from './cli/lint';
export { mergeCommand as merge } from './cli/merge';
export { initCommand as init, KNOWN_DRIFT_FILE } from './cli/init';
export { EXIT } from './cli/exit';

export { ConformanceError, type ErrorCode } from './src/errors';
export { loadSpec, lintSpecFile, formatProblem, PROVIDERS, specFileFor, Spec, type ProviderName, type SpecProblem } from './src/openapi';
export { verifyProvider, type ProviderVerification } from './src/verify';
export { loadCatalog, type CatalogEntry } from './src/catalog';
export { startAllMocks, formatMockBanner, sandboxEnvLines, type StartAllOptions } from './mocks/launch';
export { loadBaseline, validateBaseline, type Baseline, type BaselineEntry } from './reporters/baseline';
export type { ConformanceReport, Verdict } from './reporters/model';
