/**
 * `test` of the Sahha mock's own tests: `sandbox` and `production`, the worker's two instances, each fresh for the
 * test that uses it and checked for drift; `mock` is the sandbox one.
 */
import { test as base } from '@playwright/test';
import { fresh, perWorker } from '../fixtures';
import { startSahha, type Sahha } from './helpers';

export const test = base.extend<{ sandbox: Sahha; production: Sahha; mock: Sahha }, { sandboxInstance: Sahha; productionInstance: Sahha }>({
  sandboxInstance: perWorker(() => startSahha('sandbox')),
  productionInstance: perWorker(() => startSahha('production')),
  sandbox: ({ sandboxInstance }, use) => fresh(sandboxInstance, use),
  production: ({ productionInstance }, use) => fresh(productionInstance, use),
  mock: ({ sandbox }, use) => use(sandbox),
});
export { expect } from '../fixtures';
