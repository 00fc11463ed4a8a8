import * as path from 'node:path';
import { defineConfig } from '@playwright/test';
import { PROVIDERS } from './src/openapi';
import { parseTarget } from './src/targets';
import type { ConformanceOptions } from './tests/conformance/fixtures';

/**
 * The conformance suite (`npm run conformance`): one project per provider; the target (mock, sandbox,
 * production) is a project option taken from CONFORMANCE_TARGET. Providers can be narrowed with
 * CONFORMANCE_PROVIDERS=sahha,sonar.
 */
const target = parseTarget(process.env.CONFORMANCE_TARGET);
const wanted = (process.env.CONFORMANCE_PROVIDERS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const providers = PROVIDERS.filter((p) => wanted.length === 0 || wanted.includes(p));
// Reports and Playwright's output go to the current folder (the user's project), not beside this config.
const outDir = path.resolve(process.env.CONFORMANCE_REPORT_DIR?.trim() || 'reports/conformance');
// `.ts` from the sources, `.js` from the compiled package (dist/), where Playwright transpiles nothing under node_modules.
const ext = path.extname(__filename);

export default defineConfig<ConformanceOptions>({
  testDir: './tests/conformance',
  // Off the mock target: the run store's broker, so tokens and the workers' users outlive worker restarts.
  globalSetup: `./tests/conformance/global-setup${ext}`,
  timeout: 30_000,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: process.env.CONFORMANCE_WORKERS ? Number(process.env.CONFORMANCE_WORKERS) : 2,
  // Playwright's per-test output (attachments by path, traces); CONFORMANCE_OUTPUT_DIR keeps concurrent runs apart.
  outputDir: path.resolve(process.env.CONFORMANCE_OUTPUT_DIR?.trim() || 'test-results/conformance'),
  reporter: [
    ['list'],
    ['json', { outputFile: `${outDir}/playwright-results.json` }],
    ['html', { outputFolder: `${outDir}/playwright`, open: 'never' }],
    [`./reporters/conformance-reporter${ext}`, { outputDir: outDir }],
    // One shard of several (`conformance run --shard i/n`) also writes a blob report; `conformance merge` joins them.
    ...(process.env.CONFORMANCE_BLOB_DIR ? [['blob', { outputDir: process.env.CONFORMANCE_BLOB_DIR }] as const] : []),
  ],
  projects: providers.map((provider) => ({
    name: provider,
    testMatch: [`${provider}/**/*.spec${ext}`],
    use: { provider, target },
  })),
});
