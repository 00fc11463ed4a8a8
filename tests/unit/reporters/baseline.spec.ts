/** Known drift: baseline entries turn matching failures into `known`; expired entries fail; malformed files are errors. */
import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadBaseline, validateBaseline, type BaselineEntry } from '../../../reporters/baseline';
import { gatedStatus } from '../../../reporters/conformance-reporter';
import { buildReport } from '../../../reporters/model';
import { ConformanceError } from '../../../src/errors';
import type { Spec } from '../../../src/openapi';
import { checkFailure, collected, fixtureSpec, reportInput, tempDir } from './helpers';

let spec: Spec;
test.beforeAll(async () => {
  spec = await fixtureSpec();
});

const FILE = 'known-drift.json';
const entry = (extra: Partial<BaselineEntry> = {}): BaselineEntry => ({ id: 'SAH-TOK-2', provider: 'sahha', reason: 'Provider ticket 123: wrong error shape', expires: '2025-12-31', ...extra });
const passing = collected('sahha', 'SAH-TOK-1 client credentials give an account token', 'passed');
const failingTok2 = collected('sahha', 'SAH-TOK-2 a wrong client secret is rejected', 'failed');
const failingChecks = collected('sahha', 'SAH-SCP-1 a profile token reads its own data', 'failed', { checkFailures: [checkFailure('GEN-SCHEMA'), checkFailure('GEN-UNDECLARED')] });

/** A sahha-only run with the given baseline entries. */
const withBaseline = (tests: ReturnType<typeof collected>[], entries: BaselineEntry[]) =>
  buildReport(reportInput(spec, tests, { providers: [{ provider: 'sahha', target: 'sandbox', spec }], baseline: { file: FILE, entries } }));

test('a failure an entry names by catalog ID is known drift, and a run whose only failures are known conforms', () => {
  const report = withBaseline([passing, failingTok2], [entry()]);
  expect(report.tests.find((t) => t.id === 'SAH-TOK-2')!.status).toBe('known');
  expect(report.ids.find((i) => i.provider === 'sahha' && i.id === 'SAH-TOK-2')).toMatchObject({ status: 'known', reason: 'Provider ticket 123: wrong error shape' });
  expect(report.failures.map((f) => [f.status, f.knownReason])).toEqual([['known', 'Provider ticket 123: wrong error shape']]);
  expect(report.summary.rows[0]!.cells['token lifecycle']).toMatchObject({ passed: 1, failed: 0, known: 1 });
  expect(report.verdict).toBe('conform');
  expect(gatedStatus('failed', report)).toEqual({ status: 'passed' });
});

test('check IDs excuse a failure only when they cover every failing check of the test', () => {
  const covered = withBaseline([failingChecks], [entry({ id: 'GEN-SCHEMA' }), entry({ id: 'GEN-UNDECLARED', reason: 'extra fields tolerated' })]);
  expect(covered.tests[0]!.status).toBe('known');
  expect(covered.tests[0]!.knownReason).toBe('Provider ticket 123: wrong error shape; extra fields tolerated');
  const partly = withBaseline([failingChecks], [entry({ id: 'GEN-SCHEMA' })]);
  expect(partly.tests[0]!.status).toBe('failed');
  expect(partly.verdict).toBe('drift');
});

test('an entry for another provider excuses nothing and is not reported as unused in this run', () => {
  const report = withBaseline([failingTok2], [entry({ provider: 'synheart' })]);
  expect(report.tests[0]!.status).toBe('failed');
  expect(report.baseline!.unused).toEqual([]);
});

test('an expired entry excuses nothing and is itself a failure; a live entry that matched nothing is unused', () => {
  const expired = entry({ expires: '2025-05-31' });
  const unused = entry({ id: 'SAH-SCP-1', expires: '2025-06-01' });
  const report = withBaseline([passing, failingTok2], [expired, unused]);
  expect(report.tests.find((t) => t.id === 'SAH-TOK-2')!.status).toBe('failed');
  expect(report.failures.map((f) => [f.source, f.id, f.status])).toEqual([
    ['test', 'SAH-TOK-2', 'failed'],
    ['baseline', 'SAH-TOK-2', 'failed'],
  ]);
  expect(report.failures[1]!.title).toBe('Known-drift entry SAH-TOK-2 expired on 2025-05-31');
  expect(report.baseline).toEqual({ file: FILE, entries: 2, expired: [expired], unused: [unused], error: null });
  expect(report.verdict).toBe('drift');
  expect(report.verdictReasons[0]).toBe('2 distinct problems (1 failing test and 1 expired known-drift entry).');
  expect(report.summary.rows[0]!.cells['token lifecycle']!.failed).toBe(2);
});

test('an expired entry fails a run whose tests all passed', () => {
  const report = withBaseline([passing], [entry({ expires: '2024-01-01' })]);
  expect(report.verdict).toBe('drift');
  expect(report.verdictReasons[0]).toBe('1 distinct problem (1 expired known-drift entry).');
  expect(report.ids.find((i) => i.provider === 'sahha' && i.id === 'SAH-TOK-2')!.status).toBe('failed');
  expect(gatedStatus('passed', report)).toEqual({ status: 'failed' });
});

test('a malformed baseline is an error that names the file and every bad entry', () => {
  let caught: unknown;
  try {
    validateBaseline(FILE, { entries: [entry(), { id: 'sah-tok-2', provider: 'sahha', reason: '', expires: '2025-02-30', owner: 'me' }, 'SAH-TOK-1'] });
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(ConformanceError);
  const err = caught as ConformanceError;
  expect([err.code, err.exitCode]).toEqual(['CONFIG_INVALID', 2]);
  expect(err.message).toContain(`The known-drift baseline ${FILE} is malformed`);
  expect(err.message).toContain('entry 1 (sah-tok-2): "owner" is not a known field');
  expect(err.message).toContain('entry 1 (sah-tok-2): reason must be a non-empty string');
  expect(err.message).toContain('entry 1 (sah-tok-2): id "sah-tok-2" is not a catalog or check ID');
  expect(err.message).toContain('entry 1 (sah-tok-2): expires "2025-02-30" is not a date YYYY-MM-DD');
  expect(err.message).toContain('entry 2: it must be an object');
  expect(err.message).not.toContain('entry 0');
  expect(() => validateBaseline(FILE, [entry()])).toThrow(/must be a JSON object with an "entries" array/);
});

test('a baseline file is read as JSON; unreadable or invalid files are CONFIG_INVALID errors naming the file', () => {
  const dir = tempDir('baseline');
  const good = path.join(dir, 'good.json');
  fs.writeFileSync(good, JSON.stringify({ entries: [entry()] }));
  expect(loadBaseline(good)).toEqual({ file: good, entries: [entry()] });
  const yaml = path.join(dir, 'known.yaml');
  fs.writeFileSync(yaml, 'entries:\n  - id: SAH-TOK-2\n');
  expect(() => loadBaseline(yaml)).toThrow(new RegExp(`${yaml.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not valid JSON`));
  expect(() => loadBaseline(path.join(dir, 'missing.json'))).toThrow(/cannot be read/);
});

test('a run with a malformed baseline could not run and says why', () => {
  const report = buildReport(reportInput(spec, [passing], { baseline: { file: FILE, error: 'The known-drift baseline known-drift.json is malformed: entry 0: ...' } }));
  expect(report.verdict).toBe('could-not-run');
  expect(report.verdictReasons).toEqual(['The known-drift baseline known-drift.json is malformed: entry 0: ...']);
  expect(report.baseline!.error).toContain('malformed');
});
