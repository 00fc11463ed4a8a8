/** Since the last run: newly failing and newly passing IDs and tests, compared with a previous results.json. */
import { expect, test } from '@playwright/test';
import { buildReport } from '../../../reporters/model';
import type { Spec } from '../../../src/openapi';
import { collected, fixtureSpec, reportInput } from './helpers';

let spec: Spec;
test.beforeAll(async () => {
  spec = await fixtureSpec();
});

const TOK1 = 'SAH-TOK-1 client credentials give an account token';
const TOK2 = 'SAH-TOK-2 a wrong client secret is rejected';

test('without previous results there is nothing to compare', () => {
  expect(buildReport(reportInput(spec, [collected('sahha', TOK1, 'passed')])).sinceLastRun).toBeNull();
});

test('lists IDs and tests that started failing or passing since the previous report', () => {
  const before = buildReport(reportInput(spec, [collected('sahha', TOK1, 'failed'), collected('sahha', TOK2, 'passed')], { startedAt: '2025-05-31T10:00:00.000Z' }));
  const previous = { source: 'reports/conformance/results.json', data: JSON.parse(JSON.stringify(before)) as unknown };
  const now = buildReport(reportInput(spec, [collected('sahha', TOK1, 'passed'), collected('sahha', TOK2, 'failed'), collected('sonar', 'SON-TOK-1 an API key gives a user token', 'failed')], { previous }));
  const since = now.sinceLastRun!;
  expect([since.source, since.previousStartedAt, since.previousVerdict, since.note]).toEqual(['reports/conformance/results.json', '2025-05-31T10:00:00.000Z', 'drift', null]);
  expect(since.newlyFailing.map((c) => [c.kind, c.provider, c.name, c.previous, c.current])).toEqual([
    ['id', 'sahha', 'SAH-TOK-2', 'passed', 'failed'],
    ['id', 'sonar', 'SON-TOK-1', 'not-run', 'failed'],
    ['test', 'sahha', TOK2, 'passed', 'failed'],
    ['test', 'sonar', 'SON-TOK-1 an API key gives a user token', 'absent', 'failed'],
  ]);
  expect(since.newlyPassing.map((c) => [c.kind, c.name, c.previous])).toEqual([
    ['id', 'SAH-TOK-1', 'failed'],
    ['test', TOK1, 'failed'],
  ]);
});

test('a test that kept failing, or went from skipped to passing, is neither newly failing nor newly passing', () => {
  const before = buildReport(reportInput(spec, [collected('sahha', TOK1, 'skipped'), collected('sahha', TOK2, 'failed')]));
  const now = buildReport(reportInput(spec, [collected('sahha', TOK1, 'passed'), collected('sahha', TOK2, 'failed')], { previous: { source: 'prev.json', data: before } }));
  expect(now.sinceLastRun!.newlyFailing).toEqual([]);
  expect(now.sinceLastRun!.newlyPassing).toEqual([]);
});

test('previous results of another version or shape are not compared, and the report says so', () => {
  const report = buildReport(reportInput(spec, [collected('sahha', TOK1, 'failed')], { previous: { source: 'old.json', data: { version: 0, ids: [], tests: [] } } }));
  expect(report.sinceLastRun).toEqual({ source: 'old.json', previousStartedAt: null, previousVerdict: null, newlyFailing: [], newlyPassing: [], note: 'The previous results in old.json are not a version 1 conformance report, so nothing was compared.' });
  const garbage = buildReport(reportInput(spec, [], { previous: { source: 'broken.json', data: null } }));
  expect(garbage.sinceLastRun!.note).toContain('broken.json');
});
