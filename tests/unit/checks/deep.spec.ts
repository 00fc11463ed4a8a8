/** The deeper phases' pure logic: boundary cases, seeded fuzz requests, chains from links, verdicts and the budget. */
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import {
  boundaryCases,
  checkFilters,
  checkGone,
  checkUpdateVisible,
  deriveChains,
  invalidRequests,
  memoryCounter,
  operationSeed,
  parseMaxRequests,
  placeParameters,
  requestExamples,
  RequestBudget,
  validFuzzRequests,
  valuesAt,
  type ValidInputs,
} from '../../../src/checks';
import { loadSpecSync, type Spec } from '../../../src/openapi';
import { exchange } from './helpers';

let sonar: Spec;
test.beforeAll(() => {
  sonar = loadSpecSync('sonar');
});

const SCORES: ValidInputs = { pathParams: { user_id: 'usr_1' }, query: { metrics: ['recovery_score', 'sleep_score'] }, headers: {}, body: undefined };

test('GEN-BOUNDARY sends each enum value alone, the bounds of per_page and page, and values just past them', () => {
  const cases = boundaryCases(sonar, sonar.operation('listScores'), SCORES);
  const byTarget = (t: string) => cases.filter((c) => c.target === t).map((c) => `${c.kind}:${JSON.stringify((c.inputs.query as Record<string, unknown>)[t.slice(6)])}:${c.expect}`);
  expect(byTarget('query.metrics')).toContain('enum:["nutrition_score"]:accepted');
  expect(byTarget('query.metrics')).toHaveLength(8);
  expect(byTarget('query.per_page')).toEqual(['minimum:1:accepted', 'below-minimum:0:rejected', 'maximum:100:accepted', 'above-maximum:101:rejected']);
  for (const c of cases) expect(c.inputs.pathParams).toEqual(SCORES.pathParams);
  expect(cases.filter((c) => c.expect === 'accepted').every((c) => c.strict)).toBe(true);
});

test('GEN-FUZZ generates valid requests the validator accepts and invalid ones it refuses, the same for the same seed', () => {
  const op = sonar.operation('listSleep');
  const valid = validFuzzRequests(sonar, op, { pathParams: { user_id: 'usr_1' }, query: {}, headers: {}, body: undefined })!;
  const bad = invalidRequests(sonar, op, { pathParams: { user_id: 'usr_1' }, query: {}, headers: {}, body: undefined })!;
  const seed = operationSeed(1, 'listSleep', 'valid');
  const a = fc.sample(valid, { seed, numRuns: 20 });
  expect(fc.sample(valid, { seed, numRuns: 20 })).toEqual(a);
  const perPage = op.parameters.find((p) => p.name === 'per_page')!;
  for (const r of a) if (r.query.per_page !== undefined) expect(sonar.validators.validateAt(`${perPage.pointer}/schema`, perPage.schema!, r.query.per_page)).toEqual([]);
  const invalid = fc.sample(bad, { seed: operationSeed(1, 'listSleep', 'invalid'), numRuns: 20 });
  for (const r of invalid) expect(r.description).toMatch(/^query\.\w+ set to .+: query\.\w+ must /);
  expect(operationSeed(1, 'listSleep', 'valid')).not.toBe(operationSeed(2, 'listSleep', 'valid'));
});

test('GEN-REQEXAMPLES sends every query parameter example the valid request leaves out', () => {
  const [all] = requestExamples(sonar, sonar.operation('listWorkouts'), { pathParams: { user_id: 'usr_1' }, query: {}, headers: {}, body: undefined });
  expect(Object.keys(all!.inputs.query).sort()).toEqual(['end_date', 'page', 'per_page', 'start_date']);
});

test('GEN-STATEFUL derives create -> read -> update -> read -> delete -> read from the links, with x-credential kept', () => {
  const chains = deriveChains(sonar).map((c) => c.name);
  expect(chains).toContain('createUser -> getUser -> updateUser -> getUser -> deleteUser -> getUser');
  const sahha = deriveChains(loadSpecSync('sahha'));
  const profile = sahha.find((c) => c.create.operationId === 'registerProfile')!;
  expect(profile.reads.map((r) => r.credential)).toEqual(['$response.body#/profileToken']);
  expect(profile.updates[0]!.readBack.map((r) => r.op.operationId)).toEqual(['getDemographic']);
  expect(placeParameters(sonar.operation('getUser'), { user_id: 'usr_1', 'query.x': 1 })).toEqual({ pathParams: { user_id: 'usr_1' }, query: { x: '1' }, headers: {} });
});

test('the verdicts: a filter not applied, an update not visible, a deleted resource still served', () => {
  const op = sonar.operation('getLatestScores');
  const json = { data: [{ metric: 'recovery_score' }, { metric: 'sleep_score' }] };
  expect(valuesAt(json, '/data/*/metric').map((v) => v.pointer)).toEqual(['/data/0/metric', '/data/1/metric']);
  expect(checkFilters('GEN-BOUNDARY', sonar, op, { metrics: ['recovery_score'] }, 200, json).map((f) => f.title)).toEqual(['Filter not applied']);
  expect(checkFilters('GEN-BOUNDARY', sonar, op, { metrics: 'recovery_score,sleep_score' }, 200, json)).toEqual([]);
  const read = { op: sonar.operation('getUser'), status: 200 };
  expect(checkUpdateVisible({ operationId: 'updateUser', body: { timezone: 'America/New_York' } }, { ...read, json: { data: { timezone: 'America/New_York' } } })).toEqual([]);
  expect(checkUpdateVisible({ operationId: 'updateUser', body: { timezone: 'America/New_York' } }, { ...read, json: { data: { timezone: 'Europe/Berlin' } } }).map((f) => f.message)).toEqual([
    'Received: getUser answered 200 with timezone = "Europe/Berlin" (under /data)\nDocumented: the values updateUser set: timezone = "America/New_York"',
  ]);
  const served = exchange(sonar, 'getUser', { status: 200, json: { data: {} } });
  expect(checkGone(served, 'deleteUser').map((f) => [f.check, f.title])).toEqual([['GEN-STATEFUL', 'Deleted resource still served']]);
});

test('the request budget stops at its limits per operation and per provider, and --max-requests reads N/M', async () => {
  const budget = new RequestBudget('sonar', { perProvider: 3, perOperation: 2 }, memoryCounter());
  const taken = [await budget.take('a'), await budget.take('a'), await budget.take('a'), await budget.take('b'), await budget.take('b')];
  expect(taken).toEqual([true, true, false, true, false]);
  expect(parseMaxRequests(undefined, 'mock')).toEqual({ perProvider: null, perOperation: null });
  expect(parseMaxRequests(undefined, 'sandbox')).toEqual({ perProvider: 100, perOperation: 8 });
  expect(parseMaxRequests('50/-', 'sandbox')).toEqual({ perProvider: 50, perOperation: null });
  expect(() => parseMaxRequests('lots', 'mock')).toThrow(/N or N\/M/);
});
