/** Where the reporter writes and reads: environment first, then the reporter option, then the default. */
import { expect, test } from '@playwright/test';
import * as path from 'node:path';
import { resolveBaselineFile, resolveOutputDir, resolvePreviousResults } from '../../../reporters/settings';

test('the output folder comes from CONFORMANCE_REPORT_DIR, else the option, else reports/conformance', () => {
  expect(resolveOutputDir({ outputDir: 'from-option' }, { CONFORMANCE_REPORT_DIR: 'from-env' })).toBe(path.resolve('from-env'));
  expect(resolveOutputDir({ outputDir: 'from-option' }, { CONFORMANCE_REPORT_DIR: '  ' })).toBe(path.resolve('from-option'));
  expect(resolveOutputDir({}, {})).toBe(path.resolve('reports', 'conformance'));
});

test('the baseline is optional; the previous results default to results.json in the output folder', () => {
  expect(resolveBaselineFile({}, {})).toBeUndefined();
  expect(resolveBaselineFile({ baseline: 'option.json' }, { CONFORMANCE_BASELINE: 'env.json' })).toBe(path.resolve('env.json'));
  expect(resolvePreviousResults({ outputDir: 'out' }, {})).toBe(path.resolve('out', 'results.json'));
  expect(resolvePreviousResults({ previousResults: 'option.json' }, { CONFORMANCE_PREVIOUS_RESULTS: 'env.json' })).toBe(path.resolve('env.json'));
});
