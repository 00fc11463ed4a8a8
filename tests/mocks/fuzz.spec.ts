/**
 * Fuzzing the built-in mocks (issue 7): for each provider, 10,000 random and near-valid requests generated from its
 * spec with fast-check under a fixed seed (MOCK_FUZZ_SEED overrides it). Every answer must be below 500, every
 * 4xx must be in the error shape the spec documents (for that operation and status when the request reached one,
 * else one of the provider's documented error shapes), a request the mock rejected must leave its state as it
 * was, no handler may throw, and the mock must still answer afterwards.
 */
import { maxHeaderSize } from 'node:http';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { Client } from 'undici';
import { GENERIC } from '../../mocks/kernel';
import { exampleBody, exampleQuery } from '../../src/adapters/spec-examples';
import { findResponse, HTTP_METHODS, PROVIDERS, type OperationInfo, type ProviderName } from '../../src/openapi';
import { authHeaders, errorShapeProblems, firstDifference, routeOf, send, snapshotState, startProviderMock, type Exchange, type Fixtures, type MockUnderTest } from './support';

const SEED = Number(process.env.MOCK_FUZZ_SEED ?? 20_240_611);
const REQUESTS = Number(process.env.MOCK_FUZZ_REQUESTS ?? 10_000);
/** The state is reset and credentials minted again every CHUNK requests, so deletions early on do not starve the rest. */
const CHUNK = 1_000;
/** Failures kept in full for the report (all are counted). */
const KEPT = 20;

// ---- generators -------------------------------------------------------------------------------------------

const WEIRD_SEGMENTS = ['%', '%zz', '%E0%A4%A', '%00', '%2F', '%2e%2e', '..', '.', '%C0%AF', '%FF%FE', 'null', 'undefined', '-1', '0', '1e309', "'", '"', '%3Cscript%3E', '${x}', '__proto__', 'constructor', '%20', '~', '*'];
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json; charset=latin1',
  'application/vnd.api+json',
  'application/merge-patch+json',
  'text/plain',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/octet-stream',
  '*/*',
  '/',
  ';;;',
  'application/',
  'application/json;;charset',
];
const ODD_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND', 'PURGE', 'FOO'];
/** Headers undici sets itself or refuses to be given. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'expect', 'te', 'trailer']);

const printable = (max: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: max });
const latin1 = (max: number) => fc.string({ unit: fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: max });
const tokenChars = fc.stringMatching(/^[a-zA-Z0-9!#$%&'*+.^_`|~-]{1,24}$/);

/** A path segment as sent: percent-encoded text, raw printable characters, broken escapes, latin-1 bytes, long runs. */
const segment: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }).map(encodeURIComponent) },
  { weight: 3, arbitrary: fc.stringMatching(/^[\x21-\x2e\x30-\x3e\x40-\x7e]{0,30}$/) },
  { weight: 3, arbitrary: fc.constantFrom(...WEIRD_SEGMENTS) },
  { weight: 1, arbitrary: latin1(8) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 4_000 }).map((n) => 'a'.repeat(n)) },
);

/** A query value: wrong types, empties, long runs, broken escapes, unicode. */
const queryValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', 'true', 'false', '-1', '0', '1.5', '1e309', 'NaN', '99999999999999999999', '2025-02-30', '2024-01-15T25:00:00Z', '%zz', '%', 'a,b,,c', '[]', '{}', 'null'),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent),
  fc.stringMatching(/^[\x21-\x22\x24-\x25\x27-\x7e]{0,20}$/),
  fc.integer({ min: 500, max: 6_000 }).map((n) => 'x'.repeat(n)),
);

/** Extra headers: random names and values, odd Accept and encodings, huge values (some beyond Node's header limit). */
const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({}) },
  { weight: 3, arbitrary: fc.dictionary(tokenChars, fc.oneof(printable(40), latin1(10)), { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.record({ accept: fc.constantFrom('text/html', '*/*;q=0', 'application/xml', '', ';;'), 'accept-encoding': fc.constantFrom('gzip', 'br', 'x-nope', '') }) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 40_000 }).map((n) => ({ 'x-fuzz-huge': 'h'.repeat(n) })) },
);

function withoutReserved(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !RESERVED_HEADERS.has(k.toLowerCase())));
}

/** A JSON value changed at one place: a field dropped, given another type, or a field added. */
function mutated(value: unknown): fc.Arbitrary<unknown> {
  if (value === null || typeof value !== 'object') return fc.jsonValue({ maxDepth: 2 });
  const keys = Object.keys(value as object);
  const arbitraries: fc.Arbitrary<unknown>[] = [fc.record({ k: tokenChars, v: fc.jsonValue({ maxDepth: 2 }) }).map(({ k, v }) => ({ ...(value as object), [k]: v }))];
  if (keys.length) {
    const key = fc.constantFrom(...keys);
    arbitraries.push(key.map((k) => Object.fromEntries(Object.entries(value as object).filter(([name]) => name !== k))));
    arbitraries.push(fc.tuple(key, fc.jsonValue({ maxDepth: 2 })).map(([k, v]) => (Array.isArray(value) ? Object.assign([...value], { [k]: v }) : { ...(value as object), [k]: v })));
    arbitraries.push(key.chain((k) => mutated((value as Record<string, unknown>)[k]).map((v) => (Array.isArray(value) ? Object.assign([...value], { [k]: v }) : { ...(value as object), [k]: v }))));
  }
  return fc.oneof(...arbitraries);
}

function exampleOf(op: OperationInfo): unknown {
  try {
    return exampleBody(op);
  } catch {
    return undefined;
  }
}

/** A body for an operation: its example as is or changed, truncated, random JSON, not JSON at all, deep, huge. */
function bodyFor(op: OperationInfo): fc.Arbitrary<string | Buffer | undefined> {
  const example = exampleOf(op);
  const text = example === undefined ? undefined : JSON.stringify(example);
  const documented = op.requestBody !== undefined;
  const options: fc.WeightedArbitrary<string | Buffer | undefined>[] = [
    { weight: documented ? 20 : 160, arbitrary: fc.constant(undefined) },
    { weight: 40, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
    { weight: 20, arbitrary: printable(60) },
    { weight: 20, arbitrary: fc.constantFrom('', 'null', '1e999', '-0', 'NaN', '{"a":1}{"b":2}', '\ufeff{}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}') },
    { weight: 20, arbitrary: fc.integer({ min: 1, max: 5_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)) },
    { weight: 20, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 40 }).map((a) => Buffer.from(a)) },
  ];
  if (text !== undefined) {
    options.push({ weight: 120, arbitrary: fc.constant(text) });
    options.push({ weight: 160, arbitrary: mutated(example).map((v) => JSON.stringify(v)) });
    options.push({ weight: 40, arbitrary: fc.nat({ max: Math.max(0, text.length - 1) }).map((n) => text.slice(0, n)) });
  }
  if (documented) options.push({ weight: 1, arbitrary: fc.constant(`{"huge":"${'x'.repeat(1_100_000)}"}`) });
  return fc.oneof(...options);
}

/** The request target of an operation: real or broken path values, encodings, unknown or missing segments, a query. */
function targetFor(basePath: string, op: OperationInfo, fx: Fixtures): fc.Arbitrary<string> {
  const parts = op.path.split('/').slice(1);
  const segmentArbs = parts.map((part) => {
    const name = /^\{(.+)\}$/.exec(part)?.[1];
    if (name === undefined) return fc.oneof({ weight: 30, arbitrary: fc.constant(part) }, { weight: 1, arbitrary: fc.constantFrom(part.toUpperCase(), `${part}x`, '') }, { weight: 1, arbitrary: segment });
    const param = op.parameters.find((p) => p.in === 'path' && p.name === name);
    const known = [...(fx.ids[name] ?? []), ...[param?.example, ...(param?.examples ?? [])].filter((v) => v !== undefined).map(String)].map(encodeURIComponent);
    return known.length ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: segment }) : segment;
  });
  const path = fc.tuple(...segmentArbs).chain((segments) =>
    fc.oneof(
      { weight: 20, arbitrary: fc.constant(segments) },
      { weight: 1, arbitrary: segment.map((s) => [...segments, s]) },
      { weight: 1, arbitrary: fc.constant([...segments, '']) },
      { weight: 1, arbitrary: fc.nat({ max: segments.length }).map((i) => [...segments.slice(0, i), '', ...segments.slice(i)]) },
      { weight: 1, arbitrary: fc.constant(segments.slice(0, -1)) },
    ),
  );
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const examples = exampleQuery(op);
  const pairs = fc.tuple(
    ...queryParams.map((p) => {
      const example = examples[p.name];
      const valid = example === undefined ? [] : (Array.isArray(example) ? example : [example]).map((v) => `${encodeURIComponent(p.name)}=${encodeURIComponent(String(v))}`);
      return fc.oneof(
        { weight: 3, arbitrary: fc.constant(valid) },
        { weight: 2, arbitrary: fc.constant([]) },
        { weight: 3, arbitrary: fc.array(queryValue, { minLength: 1, maxLength: 3 }).map((vs) => vs.map((v) => `${encodeURIComponent(p.name)}=${v}`)) },
      );
    }),
    fc.array(fc.tuple(fc.oneof(tokenChars, fc.constantFrom('', '%zz', '[]', 'a[b]')), queryValue).map(([k, v]) => `${k}=${v}`), { maxLength: 2 }),
  );
  const query = fc.oneof(
    { weight: 10, arbitrary: pairs.map((all) => all.flat().join('&')) },
    { weight: 1, arbitrary: fc.constantFrom('&&&=', '=', '?', '%', 'a&a&a', '#frag', ';a=b') },
  );
  return fc.tuple(path, query).map(([segments, q]) => `${basePath}/${segments.join('/')}${q ? `?${q}` : ''}`);
}

/** Credentials for an operation: a valid one of its alternatives, another scheme's, garbage in the right slot, none. */
interface Auth {
  headers: Record<string, string>;
  /** The credential of a valid alternative (what a signature is made with). */
  credential?: string;
}

function authFor(mut: MockUnderTest, op: OperationInfo, fx: Fixtures): fc.Arbitrary<Auth> {
  const schemes = Object.keys(fx.credentials);
  const valid = op.security.map((alternative) =>
    fc.nat().map((n): Auth => {
      let credential: string | undefined;
      const headers = authHeaders(mut.provider, alternative, (scheme) => {
        const values = fx.credentials[scheme] ?? [];
        const value = values[n % Math.max(1, values.length)];
        credential ??= value;
        return value;
      });
      return { headers: headers ?? {}, credential };
    }),
  );
  const garbage = fc.tuple(fc.constantFrom(...schemes), fc.oneof(printable(60), latin1(20), fc.constant(''), fc.integer({ min: 2_000, max: 30_000 }).map((n) => 'g'.repeat(n)))).map(([scheme, value]) => ({
    headers: authHeaders(mut.provider, [{ scheme }], () => value) ?? {},
  }));
  const crossed = fc.tuple(fc.constantFrom(...schemes), fc.nat()).map(([scheme, n]) => {
    const values = fx.credentials[scheme] ?? [''];
    return <Auth>{ headers: authHeaders(mut.provider, [{ scheme }], () => values[n % values.length] ?? '') ?? {} };
  });
  const odd = fc.constantFrom<Record<string, string>>({ authorization: 'Bearer' }, { authorization: 'Basic Zm9vOmJhcg==' }, { authorization: '' }, { authorization: 'Bearer  spaced' }, { 'x-api-key': '' });
  return fc.oneof<fc.MaybeWeightedArbitrary<Auth>[]>(
    ...valid.map((arbitrary) => ({ weight: Math.max(1, Math.round(8 / valid.length)), arbitrary })),
    { weight: 2, arbitrary: garbage },
    { weight: 1, arbitrary: crossed },
    { weight: 1, arbitrary: odd.map((headers) => ({ headers })) },
    { weight: 1, arbitrary: fc.constant({ headers: {} }) },
  );
}

/** A request aimed at one operation of the spec, near what it accepts. */
function nearValid(mut: MockUnderTest, basePath: string, ops: OperationInfo[], fx: Fixtures): fc.Arbitrary<Exchange> {
  return fc.constantFrom(...ops).chain((op) =>
    fc
      .record({
        method: fc.oneof({ weight: 10, arbitrary: fc.constant(op.method.toUpperCase()) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_METHODS) }),
        target: targetFor(basePath, op, fx),
        auth: authFor(mut, op, fx),
        contentType: fc.oneof(
          { weight: 6, arbitrary: fc.constant(op.requestBody?.content[0]?.contentType) },
          { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
          { weight: 1, arbitrary: fc.constant(undefined) },
        ),
        body: bodyFor(op),
        sign: fc.boolean(),
        extra: extraHeaders,
      })
      .map(({ method, target, auth, contentType, body, sign, extra }) => {
        const headers: Record<string, string> = { ...withoutReserved(extra), ...auth.headers };
        if (contentType !== undefined && body !== undefined) headers['content-type'] = contentType;
        if (sign && auth.credential !== undefined) Object.assign(headers, mut.signing(op, auth.credential, body === undefined ? '' : body.toString()));
        return { method, path: target, headers, body };
      }),
  );
}

/** A request anywhere: random paths in and outside the API, any method, any body. */
function anywhere(basePath: string): fc.Arbitrary<Exchange> {
  return fc
    .record({
      method: fc.constantFrom(...ODD_METHODS, ...HTTP_METHODS.filter((m) => m !== 'head').map((m) => m.toUpperCase())),
      inside: fc.boolean(),
      segments: fc.array(segment, { maxLength: 6 }),
      query: fc.option(fc.array(fc.tuple(tokenChars, queryValue).map(([k, v]) => `${k}=${v}`), { maxLength: 3 }).map((q) => q.join('&'))),
      contentType: fc.option(fc.constantFrom(...CONTENT_TYPES)),
      body: fc.option(fc.oneof(fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), printable(80))),
      extra: extraHeaders,
    })
    .map(({ method, inside, segments, query, contentType, body, extra }) => {
      const path = `${inside ? basePath : ''}/${segments.join('/')}`.replace(/^\/__control/i, '/not-control');
      const headers = withoutReserved(extra);
      if (contentType !== null) headers['content-type'] = contentType;
      return { method, path: query === null ? path : `${path}?${query}`, headers, body: body ?? undefined };
    });
}

// ---- the run ------------------------------------------------------------------------------------------------

interface Failure {
  index: number;
  request: string;
  status?: number;
  problems: string[];
}

interface Tally {
  sent: number;
  routed: number;
  byStatus: Record<string, number>;
  rejectedChecked: number;
  failures: Failure[];
  failureCount: number;
  /** Failures by the start of their first problem, to see at a glance what kinds there are. */
  kinds: Record<string, number>;
}

/**
 * Does the request head fit Node's header limit? One that does not is refused by the HTTP parser before any routing
 * (the kernel answers the provider's invalid-request error for its path), so an operation that documents no such
 * status is not held to its documented answers; 512 bytes of margin stand for what undici adds.
 */
function fitsParser(ex: Exchange): boolean {
  const head = ex.method.length + ex.path.length + Object.entries(ex.headers).reduce((n, [k, v]) => n + k.length + Buffer.byteLength(v, 'latin1') + 4, 0);
  return head < maxHeaderSize - 512;
}

/** One line for a failure: the request with long values clipped. */
function describe(ex: Exchange): string {
  const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s);
  const headers = Object.entries(ex.headers).map(([k, v]) => `${k}: ${clip(v, 60)}`).join(' | ');
  const body = ex.body === undefined ? '' : ` body ${clip(Buffer.isBuffer(ex.body) ? `<${ex.body.length} bytes>` : JSON.stringify(ex.body), 200)}`;
  return `${ex.method} ${clip(ex.path, 200)} [${headers}]${body}`;
}

/** Sends `requests` fuzzed requests (fault modifiers switched on after each reset, for the self-test) and tallies them. */
async function fuzz(mut: MockUnderTest, requests = REQUESTS, faults: string[] = []): Promise<Tally> {
  const { spec, mock } = mut;
  const basePath = new URL(mock.baseUrl).pathname.replace(/\/$/, '');
  const route = routeOf(spec, mock.environment);
  const ops = [...spec.operations.values()];
  const leaveOut = Object.keys(mut.volatile);
  const tally: Tally = { sent: 0, routed: 0, byStatus: {}, rejectedChecked: 0, failures: [], failureCount: 0, kinds: {} };
  const fail = (f: Failure) => {
    tally.failureCount += 1;
    const kind = `${f.status ?? '-'} ${(f.problems[0] ?? '').slice(0, 90)}`;
    tally.kinds[kind] = (tally.kinds[kind] ?? 0) + 1;
    if (tally.failures.length < KEPT) tally.failures.push(f);
  };
  const origin = new URL(mock.baseUrl).origin;
  let client = new Client(origin, { pipelining: 1 });
  try {
    for (let chunk = 0; chunk * CHUNK < requests; chunk++) {
      const fx = await mut.prepare();
      mock.enableFaults(faults);
      const arbitrary = fc.oneof({ weight: 4, arbitrary: nearValid(mut, basePath, ops, fx) }, { weight: 1, arbitrary: anywhere(basePath) });
      const cases = fc.sample(arbitrary, { seed: SEED + chunk, numRuns: Math.min(CHUNK, requests - chunk * CHUNK) });
      /** The state after the last request that may have changed it, while only rejected or read-only ones followed. */
      let checkpoint: { text: string; index: number } | undefined;
      for (const [i, ex] of cases.entries()) {
        const index = chunk * CHUNK + i;
        const refused = !fitsParser(ex);
        const routed = refused ? { kind: 'refused by the HTTP parser' } : route(ex.method, ex.path);
        const mutating = routed.op?.conformance.mutates === true;
        if (mutating && checkpoint === undefined) checkpoint = { text: snapshotState(mock.state(), leaveOut), index };
        let reply;
        try {
          reply = await send(client, ex);
        } catch (err) {
          fail({ index, request: describe(ex), problems: [`no answer: ${(err as Error).message} (${(err as { code?: string }).code ?? 'no code'})`] });
          await client.close().catch(() => undefined);
          client = new Client(origin, { pipelining: 1 });
          checkpoint = undefined;
          continue;
        } finally {
          tally.sent += 1;
        }
        if (routed.op) tally.routed += 1;
        const bucket = `${String(reply.status)[0]}xx`;
        tally.byStatus[bucket] = (tally.byStatus[bucket] ?? 0) + 1;
        const problems: string[] = [];
        if (reply.status >= 500) problems.push(`answered ${reply.status}: ${reply.text.slice(0, 300)}`);
        if (reply.status >= 400 && reply.status < 500 && ex.method !== 'HEAD') {
          // A refused request is held to its path's documented answer where the operation documents that status.
          const path = refused ? route(ex.method, ex.path) : routed;
          problems.push(...errorShapeProblems(spec, refused && !(path.op && findResponse(path.op, reply.status)) ? routed : path, reply));
        }
        if (routed.op && reply.status < 400) {
          checkpoint = undefined; // an accepted request may change the state
        } else if (mutating && checkpoint !== undefined) {
          tally.rejectedChecked += 1;
          const after = snapshotState(mock.state(), leaveOut);
          if (after !== checkpoint.text) {
            const since = checkpoint.index === index ? 'the rejected request' : `the rejected or read-only requests #${checkpoint.index}..#${index}`;
            problems.push(`${since} changed the state ${firstDifference(checkpoint.text, after)}`);
          }
          checkpoint = { text: after, index: index + 1 };
        }
        if (problems.length) fail({ index, request: describe(ex), status: reply.status, problems });
      }
      const alive = await send(client, { method: 'GET', path: `${basePath}/`, headers: {} }).catch((err: Error) => ({ status: 0, text: err.message }));
      if (alive.status === 0 || alive.status >= 500) fail({ index: (chunk + 1) * CHUNK, request: `GET ${basePath}/ after chunk ${chunk}`, problems: [`the mock no longer answers: ${alive.text}`] });
    }
  } finally {
    await client.close().catch(() => undefined);
  }
  for (const d of mock.drift()) fail({ index: -1, request: d.operationId, status: d.status, problems: d.messages });
  return tally;
}

for (const provider of PROVIDERS as readonly ProviderName[]) {
  test(`the ${provider} mock answers ${REQUESTS} fuzzed requests below 500, in its documented error shapes, without changing state on rejection`, async ({}, testInfo) => {
    test.setTimeout(90_000);
    const mut = await startProviderMock(provider);
    const started = Date.now();
    const cpu = process.cpuUsage();
    let tally: Tally;
    try {
      tally = await fuzz(mut);
    } finally {
      await mut.mock.close();
    }
    const used = process.cpuUsage(cpu);
    const line = `fuzz ${provider}: ${tally.sent} requests, ${tally.failureCount} failures (seed ${SEED}; ${tally.routed} reached an operation; ${JSON.stringify(tally.byStatus)}; ${tally.rejectedChecked} rejections checked for state changes; ${((Date.now() - started) / 1000).toFixed(1)} s, ${((used.user + used.system) / 1e6).toFixed(1)} s CPU)`;
    console.log(line);
    testInfo.annotations.push({ type: 'fuzz', description: line });
    expect(tally.failures, `${line}\n${JSON.stringify(tally.kinds, null, 1)}`).toEqual([]);
    expect(mut.logs, 'handler crashes logged by the kernel').toEqual([]);
    expect(tally.sent).toBe(REQUESTS);
    // The generators must reach the handlers and get past them, or the run proves little.
    expect(tally.routed, line).toBeGreaterThan(REQUESTS * 0.4);
    expect(tally.byStatus['2xx'] ?? 0, line).toBeGreaterThan(REQUESTS * 0.02);
  });
}

test('the fuzzing fails against a mock whose error bodies leave the documented shape', async () => {
  const mut = await startProviderMock('sonar');
  let tally: Tally;
  try {
    tally = await fuzz(mut, 200, [GENERIC.errorShapeChanged]);
  } finally {
    await mut.mock.close();
  }
  // Every error answer left its shape; the fuzzing flags those whose path documents one (a request outside every
  // documented path has no documented shape to leave), which is most of them.
  const errors = Object.entries(tally.byStatus).filter(([k]) => k.startsWith('4')).reduce((n, [, v]) => n + v, 0);
  expect(errors, JSON.stringify(tally.byStatus)).toBeGreaterThan(100);
  expect(tally.failureCount, JSON.stringify(tally.byStatus)).toBeGreaterThan(errors * 0.4);
  expect(tally.failures[0]?.problems.join(' ')).toMatch(/must have property|does not declare/);
});
