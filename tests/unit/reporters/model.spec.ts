/** The conformance report model built from synthetic results: verdicts, matrix, IDs, failures, coverage, decisions. */
import { expect, test } from '@playwright/test';
import { buildReport, parseLabelled, type CollectedTest, type ReportInput } from '../../../reporters/model';
import { Spec } from '../../../src/openapi';
import { checkFailure, collected, FIXTURE_CATALOG, fixtureSpec, reportInput } from './helpers';

let spec: Spec;
test.beforeAll(async () => {
  spec = await fixtureSpec();
});

const passingRun = (): CollectedTest[] => [
  collected('sahha', 'GEN-STATUS getScores (GET /scores) answers as documented', 'passed'),
  collected('sahha', 'SAH-TOK-1 client credentials give an account token', 'passed'),
  collected('sonar', 'SON-TOK-1 an API key gives a user token', 'passed'),
  collected('sonar', 'SON-TOK-5 a mobile token is single-use', 'skipped', { skipReason: 'SON-TOK-5 runs on mock only (catalog); skipped on the sandbox target.' }),
];

test('a run where every test that ran passed conforms, per provider and overall', () => {
  const report = buildReport(reportInput(spec, passingRun()));
  expect(report.version).toBe(1);
  expect(report.verdict).toBe('conform');
  expect(report.summary.rows.map((r) => [r.provider, r.verdict])).toEqual([
    ['sahha', 'conform'],
    ['sonar', 'conform'],
  ]);
  expect(report.failures).toEqual([]);
});

test('one failing test makes the run drift and is counted in its provider x area cell', () => {
  const tests = [...passingRun(), collected('sahha', 'SAH-TOK-2 a wrong client secret is rejected', 'failed')];
  const report = buildReport(reportInput(spec, tests));
  expect(report.verdict).toBe('drift');
  expect(report.verdictReasons[0]).toBe('1 distinct problem (1 failing test).');
  const sahha = report.summary.rows.find((r) => r.provider === 'sahha')!;
  expect(sahha.verdict).toBe('drift');
  expect(sahha.cells['token lifecycle']).toEqual({ passed: 1, failed: 1, skipped: 0, known: 0, notRun: 0 });
  expect(sahha.cells.schema).toEqual({ passed: 1, failed: 0, skipped: 0, known: 0, notRun: 1 });
  expect(sahha.cells.scopes).toEqual({ passed: 0, failed: 0, skipped: 0, known: 0, notRun: 1 });
  expect(report.summary.total).toEqual({ passed: 3, failed: 1, skipped: 1, known: 0, notRun: 5 });
  expect(report.summary.rows.find((r) => r.provider === 'sonar')!.verdict).toBe('conform');
});

test('every catalog ID of a provider gets a result, and an ID no test carries is not-run', () => {
  const tests = [...passingRun(), collected('sonar', 'SON-TOK-9 a promise the catalog does not list', 'passed')];
  const report = buildReport(reportInput(spec, tests));
  const statusOf = (provider: string) => Object.fromEntries(report.ids.filter((i) => i.provider === provider).map((i) => [i.id, i.status]));
  expect(statusOf('sahha')).toEqual({ 'GEN-STATUS': 'passed', 'GEN-SCHEMA': 'not-run', 'SAH-TOK-1': 'passed', 'SAH-TOK-2': 'not-run', 'SAH-SCP-1': 'not-run' });
  expect(statusOf('sonar')).toEqual({ 'GEN-STATUS': 'not-run', 'GEN-SCHEMA': 'not-run', 'SON-TOK-1': 'passed', 'SON-TOK-5': 'skipped', 'SON-ERR-1': 'not-run', 'SON-TOK-9': 'passed' });
  const skipped = report.ids.find((i) => i.id === 'SON-TOK-5')!;
  expect(skipped.reason).toBe('SON-TOK-5 runs on mock only (catalog); skipped on the sandbox target.');
  expect(report.ids.find((i) => i.id === 'SON-TOK-9')!.inCatalog).toBe(false);
});

test('an ID fails when any of its tests fails, even if others pass', () => {
  const tests = [
    collected('sahha', 'GEN-STATUS createToken (POST /tokens) answers as documented', 'passed'),
    collected('sahha', 'GEN-STATUS getScores (GET /scores) answers as documented', 'failed'),
    collected('sahha', 'SAH-TOK-1 client credentials give an account token', 'passed'),
  ];
  const id = buildReport(reportInput(spec, tests)).ids.find((i) => i.provider === 'sahha' && i.id === 'GEN-STATUS')!;
  expect(id.status).toBe('failed');
  expect(id.counts).toEqual({ passed: 1, failed: 1, skipped: 0, known: 0, notRun: 0 });
});

test('tests without a catalog ID are counted in an "other" column', () => {
  const report = buildReport(reportInput(spec, [...passingRun(), collected('sonar', 'the health endpoint answers', 'failed')]));
  expect(report.summary.areas.at(-1)).toBe('other');
  expect(report.summary.rows.find((r) => r.provider === 'sonar')!.cells.other!.failed).toBe(1);
  expect(report.tests.find((t) => t.title === 'the health endpoint answers')!.id).toBeNull();
});

test('the run could not run when interrupted, when an error happened outside tests, or when a spec did not load', () => {
  const interrupted = buildReport(reportInput(spec, passingRun(), { status: 'interrupted', planned: 10 }));
  expect(interrupted.verdict).toBe('could-not-run');
  expect(interrupted.run.complete).toBe(false);
  expect(interrupted.verdictReasons).toEqual(['The run was interrupted: 4 of 10 tests finished, and the report holds only those.']);

  const crashed = buildReport(reportInput(spec, passingRun(), { errors: ['Error: worker process exited unexpectedly\n    at somewhere'] }));
  expect(crashed.verdict).toBe('could-not-run');
  expect(crashed.verdictReasons).toEqual(['Error outside any test: Error: worker process exited unexpectedly']);

  const noSpec = reportInput(spec, passingRun());
  noSpec.providers[1] = { provider: 'sonar', target: 'sandbox', specError: 'The spec file specs/sonar.openapi.yaml does not exist.' };
  const broken = buildReport(noSpec);
  expect(broken.verdict).toBe('could-not-run');
  expect(broken.run.providers[1]!.specError).toBe('The spec file specs/sonar.openapi.yaml does not exist.');
  expect(broken.coverage.map((c) => c.provider)).toEqual(['sahha']);
});

test('a provider whose every test was skipped could not run, while failures elsewhere still make it drift', () => {
  const skippedSonar = [collected('sahha', 'SAH-TOK-1 client credentials give an account token', 'passed'), collected('sonar', 'SON-TOK-1 an API key gives a user token', 'skipped', { skipReason: 'sonar skipped on the sandbox target: missing SONAR_API_KEY.' })];
  const idle = buildReport(reportInput(spec, skippedSonar));
  expect(idle.verdict).toBe('could-not-run');
  expect(idle.summary.rows.map((r) => r.verdict)).toEqual(['conform', 'could-not-run']);
  expect(idle.verdictReasons).toEqual(['sonar: no test passed or failed (every test was skipped, or none ran).']);

  const drifting = buildReport(reportInput(spec, [...skippedSonar, collected('sahha', 'SAH-TOK-2 a wrong client secret is rejected', 'failed')]));
  expect(drifting.verdict).toBe('drift');
});

test('a failure carries expected and received from its check failures, with diagnostics and exchanges', () => {
  const exchange = { id: 'ex1', request: { method: 'GET', url: 'https://sandbox.reporter.test/v1/scores', headers: { 'x-api-key': '[REDACTED]' } }, response: { status: 418, headers: {}, body: '"teapot"' }, startedAt: '2025-06-01T10:00:01.000Z', durationMs: 3, attempts: [] };
  const diagnostic = { code: 'type', pointer: '/0', schemaPointer: '#/paths/~1scores/get/responses/200/content/application~1json/schema/items/type', message: 'body[0] must be number' };
  const failing = collected('sahha', 'GEN-SCHEMA getScores (GET /scores) answers as documented', 'failed', {
    checkFailures: [
      checkFailure('GEN-STATUS', { message: 'probe: a missing key\nReceived: 418\nDocumented: 200, 401' }),
      checkFailure('GEN-SCHEMA', { title: 'Body does not match the schema', message: 'Received: body[0] must be number\nDocumented: array of number', diagnostics: [diagnostic] }),
      checkFailure('GEN-UNDECLARED', { severity: 'warning', message: 'Received: field extra\nDocumented: no such field' }),
    ],
    exchanges: [exchange],
  });
  const [failure] = buildReport(reportInput(spec, [failing])).failures;
  expect(failure!.expected).toBe('200, 401\narray of number');
  expect(failure!.received).toBe('418\nbody[0] must be number');
  expect(failure!.checks.map((c) => [c.check, c.context, c.received, c.documented])).toEqual([
    ['GEN-STATUS', 'probe: a missing key', '418', '200, 401'],
    ['GEN-SCHEMA', null, 'body[0] must be number', 'array of number'],
    ['GEN-UNDECLARED', null, 'field extra', 'no such field'],
  ]);
  expect(failure!.checks[1]!.diagnostics).toEqual([diagnostic]);
  expect(failure!.exchanges).toEqual([exchange]);
});

test('a failure without check failures takes expected and received from the error message', () => {
  const [failure] = buildReport(reportInput(spec, [collected('sahha', 'SAH-TOK-1 client credentials give an account token', 'failed')])).failures;
  expect([failure!.expected, failure!.received]).toEqual(['"200"', '"404"']);
  const [bare] = buildReport(reportInput(spec, [collected('sahha', 'SAH-TOK-1 x', 'failed', { errors: ['Error: socket hang up'] })])).failures;
  expect([bare!.expected, bare!.received, bare!.message]).toEqual([null, null, 'Error: socket hang up']);
});

test('labelled message lines are split, with multi-line values kept whole', () => {
  expect(parseLabelled('negative probe\nReceived: 200\nwith a body\nDocumented: 400')).toEqual({ context: 'negative probe', values: { Received: '200\nwith a body', Documented: '400' } });
});

test('coverage lists every documented operation x status: exercised, unreachable with its reason, or missing', () => {
  const tests = [
    collected('sahha', 'GEN-STATUS createToken (POST /tokens) answers as documented', 'passed', { operations: [{ operationId: 'createToken', status: 201 }] }),
    collected('sahha', 'SAH-TOK-1 client credentials give an account token', 'failed', { operations: [{ operationId: 'getScores', status: 200 }, { operationId: 'createToken', status: 401 }] }),
    collected('sonar', 'SON-TOK-1 an API key gives a user token', 'passed', { operations: [{ operationId: 'getScores', status: 401 }] }),
  ];
  const report = buildReport(reportInput(spec, tests));
  const sahha = report.coverage.find((c) => c.provider === 'sahha')!;
  expect(sahha.rows.map((r) => `${r.operationId} ${r.status} ${r.exercised ? 'exercised' : (r.unreachable ?? 'missing')}`)).toEqual([
    'createToken 201 exercised',
    'createToken 401 exercised',
    'getScores 200 exercised',
    'getScores 401 missing',
    'getScores 410 Scores are never removed in the fixture.',
  ]);
  expect(sahha.counts).toEqual({ documented: 5, exercised: 3, unreachable: 1, missing: 1 });
  expect(report.coverage.find((c) => c.provider === 'sonar')!.counts).toEqual({ documented: 5, exercised: 1, unreachable: 1, missing: 3 });
});

test('the report lists the spec decisions and the run metadata of each provider', () => {
  const tests = [collected('sahha', 'SAH-TOK-1 x', 'passed', { exchanges: [{ id: 'e', request: { method: 'GET', url: 'http://127.0.0.1:4010/v1/scores', headers: {} }, startedAt: '', durationMs: 1, attempts: [] }] })];
  const report = buildReport(reportInput(spec, tests, { providers: [{ provider: 'sahha', target: 'production', spec }] }));
  expect(report.decisions).toEqual([{ provider: 'sahha', pointer: '#/paths/~1scores/get', text: 'The docs show no example of an empty score list; the fixture decides that an empty list is 200 with [].' }]);
  expect(report.run.providers).toEqual([
    { provider: 'sahha', target: 'production', environment: 'production', specVersion: '2.3.0', specFile: 'tests/fixtures/reporter-project/reporter.openapi.yaml', documentedServer: 'https://api.reporter.test/v1', observedOrigins: ['http://127.0.0.1:4010'], specError: null },
  ]);
  expect([report.run.target, report.run.environment, report.run.suiteVersion, report.run.startedAt, report.run.durationMs]).toEqual(['production', 'production', '0.1.0', '2025-06-01T10:00:00.000Z', 1234]);
});

test.describe('GEN-COVERAGE, judged over the whole run', () => {
  const catalog = [...FIXTURE_CATALOG, { id: 'GEN-COVERAGE', provider: 'generic', area: 'schema' as const, where: ['any'], behaviour: 'every documented operation x status is exercised' }];
  /** Every fixture catalog ID of sahha carried by a test; `calls` are the answered calls of the run. */
  const sahhaRun = (calls: { operationId: string; status: number }[]): CollectedTest[] => [
    collected('sahha', 'GEN-STATUS createToken (POST /tokens) answers as documented', 'passed', { operations: calls }),
    collected('sahha', 'GEN-SCHEMA getScores (GET /scores) body validates', 'passed'),
    collected('sahha', 'SAH-TOK-1 client credentials give an account token', 'passed'),
    collected('sahha', 'SAH-TOK-2 a wrong secret is rejected', 'passed'),
    collected('sahha', 'SAH-SCP-1 a profile token reads its own data', 'passed'),
  ];
  const sahhaOnly = (tests: CollectedTest[], extra: Partial<ReportInput> = {}) => buildReport({ ...reportInput(spec, tests, extra), catalog, providers: [{ provider: 'sahha', target: extra.providers?.[0]?.target ?? 'mock', spec }] });
  const allCalls = [
    { operationId: 'createToken', status: 201 },
    { operationId: 'createToken', status: 401 },
    { operationId: 'getScores', status: 200 },
    { operationId: 'getScores', status: 401 },
  ];
  const coverageResult = (report: ReturnType<typeof buildReport>) => report.ids.find((r) => r.provider === 'sahha' && r.id === 'GEN-COVERAGE')!;

  test('passes when every documented status was answered or has an unreachable reason', () => {
    const report = sahhaOnly(sahhaRun(allCalls));
    expect(coverageResult(report).status).toBe('passed');
    expect(report.verdict).toBe('conform');
  });

  test('fails, and the run drifts, when a documented status was never answered; the failure names the row and its pointer', () => {
    const report = sahhaOnly(sahhaRun(allCalls.filter((c) => !(c.operationId === 'getScores' && c.status === 401))));
    expect(coverageResult(report).status).toBe('failed');
    expect(report.verdict).toBe('drift');
    const failure = report.failures.find((f) => f.id === 'GEN-COVERAGE')!;
    expect(failure.checks).toHaveLength(1);
    expect(failure.checks[0]!.received).toContain('getScores (GET /scores) answered 401');
    expect(failure.checks[0]!.pointer).toBe('#/paths/~1scores/get/responses/401');
    expect(failure.message).toContain('1 documented operation x status rows were neither exercised nor listed');
  });

  test('is skipped with the reason when the run does not hold the whole suite (a --grep or one shard), or was interrupted', () => {
    const filtered = sahhaOnly(sahhaRun([]).slice(0, 2));
    expect(coverageResult(filtered).status).toBe('skipped');
    expect(coverageResult(filtered).reason).toContain('3 catalog IDs have no test in this run (SAH-TOK-1, SAH-TOK-2, SAH-SCP-1)');
    const interrupted = sahhaOnly(sahhaRun([]), { status: 'interrupted' });
    expect(coverageResult(interrupted).reason).toContain('the run was interrupted');
  });

  test('off the mock target it is skipped with the reason; the table still marks what production may not call', () => {
    const report = sahhaOnly(sahhaRun(allCalls.filter((c) => c.operationId === 'getScores')), { providers: [{ provider: 'sahha', target: 'production', spec }] });
    const rows = report.coverage[0]!.rows.filter((r) => r.operationId === 'createToken');
    expect(rows.map((r) => r.unreachable)).toEqual([expect.stringContaining('Not called on the production target'), expect.stringContaining('Not called on the production target')]);
    expect(coverageResult(report).status).toBe('skipped');
    expect(coverageResult(report).reason).toContain('Coverage is judged on the mock target');
  });
});

test('a test that got no answer (request timeout, unreachable target) makes the run could-not-run, not drift', () => {
  const timeout = 'HttpError[REQUEST_TIMEOUT]: GET http://127.0.0.1:4010/scores got no complete response within 500 ms (the request timeout). Check that the target is responsive.';
  const tests = [...passingRun(), collected('sahha', 'SAH-SCP-1 a profile token reads its own data', 'failed', { errors: [timeout] })];
  const report = buildReport(reportInput(spec, tests));
  expect(report.failures.map((f) => f.cause)).toEqual(['could-not-run']);
  expect(report.verdict).toBe('could-not-run');
  expect(report.verdictReasons[0]).toContain('1 test got no answer to judge');
  expect(report.verdictReasons[0]).toContain('within 500 ms');

  const withDrift = buildReport(reportInput(spec, [...tests, collected('sonar', 'SON-TOK-1 an API key gives a user token', 'failed')]));
  expect(withDrift.verdict).toBe('drift');
  expect(withDrift.verdictReasons).toEqual(['1 distinct problem (1 failing test).', expect.stringContaining('Besides, 1 test got no answer')]);
});

test('undeclared fields off strict mode are additive drift: warnings listed per field and operation, the run still conforms', () => {
  const undeclared = (pointer: string, property: string) =>
    checkFailure('GEN-UNDECLARED', {
      title: 'Body has fields the schema does not declare',
      severity: 'warning',
      pointer: '#/paths/~1scores/get/responses/200/content/application~1json/schema',
      diagnostics: [{ code: 'unevaluatedProperties', pointer, schemaPointer: '#/components/schemas/Score', message: `body${pointer.replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.')} has property "${property}" that the schema does not declare` }],
    });
  const tests = [
    collected('sahha', 'GEN-UNDECLARED getScores (GET /scores) answers as documented', 'passed', { checkFailures: [undeclared('/0', 'mood'), undeclared('/1', 'mood')] }),
    collected('sahha', 'SAH-TOK-1 client credentials give an account token', 'passed', { checkFailures: [undeclared('/0', 'mood'), undeclared('/0', 'streak')] }),
    collected('sonar', 'SON-TOK-1 an API key gives a user token', 'passed'),
  ];
  const report = buildReport(reportInput(spec, tests));
  expect(report.verdict).toBe('conform');
  expect(report.additiveDrift).toEqual([
    { provider: 'sahha', operationId: 'getScores', field: 'body[].mood', schemaPointer: '#/paths/~1scores/get/responses/200/content/application~1json/schema', tests: 2 },
    { provider: 'sahha', operationId: 'getScores', field: 'body[].streak', schemaPointer: '#/paths/~1scores/get/responses/200/content/application~1json/schema', tests: 1 },
  ]);
  expect(report.verdictReasons.at(-1)).toBe('Additive drift: 2 fields the specs do not declare, on 1 operation (warnings; --strict or CONFORMANCE_STRICT=1 makes them failures).');
  expect(buildReport(reportInput(spec, [collected('sahha', 'SAH-TOK-1 client credentials give an account token', 'passed')])).additiveDrift).toEqual([]);
});

test('a failure at or below an element that carries x-observed, or of a catalog ID the observation names, shows the observation', async () => {
  const document = structuredClone(spec.document) as unknown as { paths: Record<string, Record<string, Record<string, unknown>>> };
  const observation = { behaviour: 'an empty range is 200 [] in the sandbox', source: 'a third-party capture', since: '2025-03-01', catalog: ['SAH-TOK-2'] };
  (document.paths['/scores']!.get!.responses as Record<string, Record<string, unknown>>)['200']!['x-observed'] = [observation];
  const observed = new Spec('reporter-fixture', spec.file, document as never);
  const statusFailure = collected('sahha', 'GEN-STATUS getScores (GET /scores) answers as documented', 'failed', { checkFailures: [checkFailure('GEN-STATUS', { pointer: '#/paths/~1scores/get/responses' })] });
  const byId = collected('sahha', 'SAH-TOK-2 a wrong client secret is rejected', 'failed');
  const elsewhere = collected('sahha', 'GEN-STATUS createToken (POST /tokens) answers as documented', 'failed', { checkFailures: [checkFailure('GEN-STATUS', { pointer: '#/paths/~1tokens/post/responses' })] });
  const report = buildReport(reportInput(observed, [statusFailure, byId, elsewhere]));
  const expected = { provider: 'sahha', pointer: '#/paths/~1scores/get/responses/200', ...observation };
  expect(report.observations).toContainEqual(expected);
  const observedOf = (title: string) => report.failures.find((f) => f.title.startsWith(title))!.observed;
  expect(observedOf('GEN-STATUS getScores')).toEqual([expected]);
  expect(observedOf('SAH-TOK-2')).toEqual([expected]);
  expect(observedOf('GEN-STATUS createToken')).toEqual([]);
});
