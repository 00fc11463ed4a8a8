import { defineConfig } from '@playwright/test';

/**
 * The project's own tests (`npm test`): unit tests of the engine, checks and HTTP layer, the mocks' behaviour,
 * the fault-modifier self-tests and the sandbox-path run. The conformance suite itself is playwright.config.ts.
 */
export default defineConfig({
  testDir: './tests',
  testIgnore: ['conformance/**'],
  timeout: 60_000,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: process.env.CI ? 2 : undefined,
  reporter: [['list'], ['json', { outputFile: 'reports/selftest/results.json' }]],
  outputDir: 'test-results/selftest',
});
