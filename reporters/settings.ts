/**
 * Where the reporter reads and writes: each setting is resolved the same way, environment variable first, then the
 * reporter option from playwright.config.ts, then the default. Relative paths are taken from the current directory.
 */
import * as path from 'node:path';

export interface ConformanceReporterOptions {
  /** Folder for index.html and results.json (env CONFORMANCE_REPORT_DIR; default reports/conformance). */
  outputDir?: string;
  /** Known-drift baseline, JSON (env CONFORMANCE_BASELINE; default none). */
  baseline?: string;
  /** Results of an earlier run to compare with (env CONFORMANCE_PREVIOUS_RESULTS; default <outputDir>/results.json). */
  previousResults?: string;
  /** Catalog markdown (default catalog/CATALOG.md). */
  catalogFile?: string;
  /** Spec file per provider, for providers whose spec is not specs/<provider>.openapi.yaml. */
  specFiles?: Record<string, string>;
}

export const DEFAULT_OUTPUT_DIR = path.join('reports', 'conformance');

/** Environment value (when set and not blank), else the option, else the fallback; resolved to an absolute path. */
function setting(envValue: string | undefined, option: string | undefined, fallback: string): string;
function setting(envValue: string | undefined, option: string | undefined): string | undefined;
function setting(envValue: string | undefined, option: string | undefined, fallback?: string): string | undefined {
  const value = envValue?.trim() || option?.trim() || fallback;
  return value === undefined ? undefined : path.resolve(value);
}

export function resolveOutputDir(options: ConformanceReporterOptions, env: NodeJS.ProcessEnv = process.env): string {
  return setting(env.CONFORMANCE_REPORT_DIR, options.outputDir, DEFAULT_OUTPUT_DIR);
}

export function resolveBaselineFile(options: ConformanceReporterOptions, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return setting(env.CONFORMANCE_BASELINE, options.baseline);
}

export function resolvePreviousResults(options: ConformanceReporterOptions, env: NodeJS.ProcessEnv = process.env): string {
  return setting(env.CONFORMANCE_PREVIOUS_RESULTS, options.previousResults, path.join(resolveOutputDir(options, env), 'results.json'));
}
