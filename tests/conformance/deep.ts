/**
 * The deeper generated checks, four phases with IDs of their own, all derived from the provider's spec and built on
 * each operation's shared valid request (valid-request.ts):
 *
 * - GEN-REQEXAMPLES: every documented request example sent; the answer passes every response check and is not
 *   refused as invalid.
 * - GEN-BOUNDARY: every enum value of every query parameter and top-level body property, the minimum and maximum
 *   of bounded numbers and lengths (accepted), one step past them (rejected with a documented 4xx), date-times in
 *   another RFC 3339 spelling; declared filters (`x-conformance.filters`) must hold on every answer.
 * - GEN-FUZZ: N seeded valid and N seeded invalid requests per operation (fast-check), shrunk to a minimal failing
 *   request; the run's seed (`--seed`, CONFORMANCE_SEED) replays it.
 * - GEN-STATEFUL: chains from the spec's links: create -> read -> update -> read (shows the update) -> delete ->
 *   read (404 or 410).
 *
 * A request budget (`--max-requests`, CONFORMANCE_MAX_REQUESTS; src/checks/budget.ts) bounds what they send off the
 * mock target; the mock target runs the full depth.
 */
import type { TestInfo } from '@playwright/test';
import fc from 'fast-check';
import {
  boundaryCases,
  checkFilters,
  checkGone,
  checkNotRefused,
  checkRejected,
  checkUpdateVisible,
  deriveChains,
  describeInputs,
  describeLimits,
  invalidRequests,
  operationSeed,
  parseMaxRequests,
  placeParameters,
  requestExamples,
  RequestBudget,
  RESPONSE_CHECKS,
  validFuzzRequests,
  type Chain,
  type ChainStep,
  type CheckContext,
  type DeepPhaseId,
  type PhaseFailure,
  type ValidInputs,
} from '../../src/checks';
import type { ProviderAdapter, ProviderSession } from '../../src/adapters';
import { evaluate, MissingValueError, type ExpressionContext } from '../../src/openapi/links';
import { loadSpecSync, type OperationInfo, type ProviderName, type Spec } from '../../src/openapi';
import { strictUndeclared } from '../../src/targets';
import type { ApiResult } from '../../src/targets/api';
import { expect, test } from './fixtures';
import { authFor, validRequests, type Prepared } from './valid-request';

/** The seed when the run names none (the CLI always names one: --seed, or a random one it prints). */
export const DEFAULT_SEED = 20_260_101;
/** Valid and invalid requests per operation in GEN-FUZZ: `--examples N` (CONFORMANCE_EXAMPLES). */
const DEFAULT_EXAMPLES = { mock: 12, remote: 3 };

export const runSeed = (): number => {
  const raw = process.env.CONFORMANCE_SEED;
  const n = raw === undefined || raw.trim() === '' ? DEFAULT_SEED : Number(raw);
  if (!Number.isInteger(n)) throw new Error(`CONFORMANCE_SEED must be an integer (the seed of GEN-FUZZ); got "${raw}". Pass --seed with a whole number.`);
  return n;
};

function examplesPerOperation(target: string): number {
  const raw = process.env.CONFORMANCE_EXAMPLES;
  if (raw === undefined || raw.trim() === '') return target === 'mock' ? DEFAULT_EXAMPLES.mock : DEFAULT_EXAMPLES.remote;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`CONFORMANCE_EXAMPLES must be a whole number (requests of each kind per operation in GEN-FUZZ); got "${raw}". Pass --examples with a whole number.`);
  return n;
}

/** Throws one readable error listing every error failure (redacted), after attaching them for the reporter. */
async function expectNone(testInfo: TestInfo, session: ProviderSession, failures: PhaseFailure[]): Promise<void> {
  if (failures.length) await testInfo.attach('check-failures.json', { body: session.redactor.redactText(JSON.stringify(failures, null, 2)), contentType: 'application/json' });
  for (const w of failures.filter((f) => f.severity === 'warning')) testInfo.annotations.push({ type: 'warning', description: session.redactor.redactText(`${w.check} ${w.title}: ${w.message}`) });
  const errors = failures.filter((f) => f.severity === 'error');
  const text = errors.map((f) => `${f.check} ${f.title}\n${f.message}\n(spec: ${f.pointer})${f.diagnostics?.length ? '\n' + f.diagnostics.map((d) => `  - ${d.message}`).join('\n') : ''}`).join('\n\n');
  expect(errors, session.redactor.redactText(text)).toEqual([]);
}

const inputsOf = (p: Extract<Prepared, { request: unknown }>): ValidInputs => ({ pathParams: p.request.pathParams ?? {}, query: p.request.query ?? {}, headers: p.request.headers ?? {}, body: p.request.json });

/** One deep phase's view of a worker: the budget, and a sender that asks it before each request. */
class Sender {
  spent = 0;
  refused = 0;
  constructor(
    private readonly session: ProviderSession,
    private readonly adapter: ProviderAdapter,
    private readonly budget: RequestBudget,
  ) {}

  /** Sends inputs to an operation, or answers undefined when the budget is spent. */
  async send(op: OperationInfo, inputs: ValidInputs, auth: Record<string, string>, label: string, bodyChanged: boolean): Promise<ApiResult | undefined> {
    if (!(await this.budget.take(op.operationId))) {
      this.refused++;
      return undefined;
    }
    this.spent++;
    const signed = bodyChanged && inputs.body !== undefined && this.adapter.bodyHeaders ? await this.adapter.bodyHeaders(op, inputs.body, this.session) : {};
    return this.session.api.call(op.operationId, { pathParams: inputs.pathParams, query: inputs.query, headers: { ...inputs.headers, ...signed }, json: inputs.body, auth, label });
  }
}

function counterOf(session: ProviderSession) {
  return {
    async add(key: string) {
      const list = `deep-budget:${key}`;
      await session.store.append(list, 1);
      return (await session.store.list(list)).length;
    },
  };
}

/** The response checks on one answer, with the strictness of the target. */
function responseChecks(spec: Spec, op: OperationInfo, session: ProviderSession, result: ApiResult): { ctx: CheckContext; failures: PhaseFailure[] } {
  const ctx: CheckContext = { spec, op, request: { method: op.method, url: result.exchange.request.url }, response: result, strict: strictUndeclared(session.target.target) };
  return { ctx, failures: RESPONSE_CHECKS.flatMap((c) => c.run(ctx)) };
}

/** An accepted-input verdict: every response check, not refused as invalid, declared filters applied. */
function acceptedVerdict(phase: DeepPhaseId, spec: Spec, op: OperationInfo, session: ProviderSession, inputs: ValidInputs, result: ApiResult, what: string, refusalCounts: boolean): PhaseFailure[] {
  const { ctx, failures } = responseChecks(spec, op, session, result);
  return [...failures, ...checkNotRefused(phase, ctx, what, refusalCounts), ...checkFilters(phase, spec, op, inputs.query, result.status, result.json)];
}

const prefixed = (what: string, failures: PhaseFailure[]) => failures.map((f) => ({ ...f, message: `${what}\n${f.message}` }));

/** Notes that the budget stopped a phase early: the test passes on what it sent, and says what it left out. */
function noteBudget(testInfo: TestInfo, sender: Sender, budget: RequestBudget, what: string): void {
  if (sender.refused === 0) return;
  testInfo.annotations.push({ type: 'request budget', description: `${sender.refused} of the ${what} were not sent: the request budget (${describeLimits(budget.limits)}; --max-requests) was spent.` });
}

export function defineDeepChecks(provider: ProviderName): void {
  const spec = loadSpecSync(provider);
  const prepare = validRequests();
  const chains = deriveChains(spec);

  test.describe(`${provider} deep generated checks`, () => {
    let budget: RequestBudget | undefined;
    const budgetOf = (session: ProviderSession) => (budget ??= new RequestBudget(provider, parseMaxRequests(process.env.CONFORMANCE_MAX_REQUESTS, session.target.target), counterOf(session)));

    /** The prepared valid request of an operation, or the test skipped with the reason. */
    async function prepared(op: OperationInfo, session: ProviderSession, adapter: ProviderAdapter, testInfo: TestInfo) {
      const p = await prepare(op, session, adapter);
      testInfo.skip('skip' in p, 'skip' in p ? p.skip : '');
      if ('skip' in p) throw new Error('unreachable');
      testInfo.annotations.push({ type: 'operation', description: `${op.operationId} ${p.result.status}` });
      return p;
    }

    for (const op of spec.operations.values()) {
      if (!op.responses.some((r) => /^2\d\d$/.test(r.status))) continue;
      const where = `${op.operationId} (${op.method.toUpperCase()} ${op.path})`;

      test(`GEN-REQEXAMPLES ${where} accepts every request example the spec documents`, async ({ session, adapter }, testInfo) => {
        const p = await prepared(op, session, adapter, testInfo);
        const cases = requestExamples(spec, op, inputsOf(p));
        testInfo.skip(cases.length === 0, `${op.operationId} documents no request example beyond its valid request's.`);
        const sender = new Sender(session, adapter, budgetOf(session));
        const auth = await authFor(session, p.request.token, adapter.authHeaders);
        const failures = await Promise.all(
          cases.map((c) =>
            test.step(`send: ${c.description}`, async () => {
              const result = await sender.send(op, c.inputs, auth, `${op.operationId} (example: ${c.description})`, c.inputs.body !== p.request.json);
              return result ? prefixed(`${c.description} (${c.pointer})`, acceptedVerdict('GEN-REQEXAMPLES', spec, op, session, c.inputs, result, c.description, false)) : [];
            }),
          ),
        );
        noteBudget(testInfo, sender, budgetOf(session), 'example requests');
        await expectNone(testInfo, session, failures.flat());
      });

      test(`GEN-BOUNDARY ${where} takes every enum value and bound it documents, and rejects values just past them`, async ({ session, adapter }, testInfo) => {
        const p = await prepared(op, session, adapter, testInfo);
        const cases = boundaryCases(spec, op, inputsOf(p));
        testInfo.skip(cases.length === 0, `${op.operationId} documents no enum, bound or date-time among its query parameters and body properties.`);
        const sender = new Sender(session, adapter, budgetOf(session));
        const auth = await authFor(session, p.request.token, adapter.authHeaders);
        const failures = await Promise.all(
          cases.map((c) =>
            test.step(`send: ${session.redactor.redactText(c.description)}`, async () => {
              const result = await sender.send(op, c.inputs, auth, `${op.operationId} (boundary: ${c.description})`, c.target.startsWith('body.'));
              if (!result) return [];
              if (c.expect === 'rejected') {
                const { ctx } = responseChecks(spec, op, session, result);
                return prefixed(c.description, checkRejected('GEN-BOUNDARY', ctx));
              }
              return prefixed(`${c.description} (${c.pointer})`, acceptedVerdict('GEN-BOUNDARY', spec, op, session, c.inputs, result, c.description, c.strict));
            }),
          ),
        );
        noteBudget(testInfo, sender, budgetOf(session), `${cases.length} boundary requests`);
        await expectNone(testInfo, session, failures.flat());
      });

      test(`GEN-FUZZ ${where} answers seeded valid and invalid requests from its request schema as documented`, async ({ session, adapter }, testInfo) => {
        const p = await prepared(op, session, adapter, testInfo);
        const valid = inputsOf(p);
        const n = examplesPerOperation(session.target.target);
        const good = validFuzzRequests(spec, op, valid);
        const bad = invalidRequests(spec, op, valid);
        testInfo.skip(n === 0, 'GEN-FUZZ sends no request: --examples 0.');
        testInfo.skip(!good && !bad, `${op.operationId} has no query parameter or body property with a documented domain to vary.`);
        const seed = runSeed();
        testInfo.annotations.push({ type: 'seed', description: String(seed) });
        const sender = new Sender(session, adapter, budgetOf(session));
        const auth = await authFor(session, p.request.token, adapter.authHeaders);
        const failures: PhaseFailure[] = [];

        /** Runs one property; on a failure, reports the shrunk request with how to replay it. */
        async function run<T>(kind: 'valid' | 'invalid', arb: fc.Arbitrary<T>, toInputs: (t: T) => ValidInputs, judge: (t: T, r: ApiResult) => PhaseFailure[]): Promise<void> {
          const seen = new Map<string, PhaseFailure[]>();
          const opSeed = operationSeed(seed, op.operationId, kind);
          const details = await fc.check(
            fc.asyncProperty(arb, async (t) => {
              const inputs = toInputs(t);
              const result = await sender.send(op, inputs, auth, `${op.operationId} (fuzz ${kind})`, inputs.body !== p.request.json);
              if (!result) return true; // the budget is spent: nothing more is judged
              const f = judge(t, result);
              seen.set(JSON.stringify(inputs), f);
              return f.filter((x) => x.severity === 'error').length === 0;
            }),
            { seed: opSeed, numRuns: n, endOnFailure: false },
          );
          if (!details.failed || !details.counterexample) {
            if (details.failed) throw details.errorInstance ?? new Error(`GEN-FUZZ ${kind} run of ${op.operationId} failed without a counterexample.`);
            return;
          }
          const minimal = toInputs(details.counterexample[0]);
          const found = seen.get(JSON.stringify(minimal)) ?? [];
          const replay = `replay: --seed ${seed} (operation seed ${opSeed}, fast-check path ${details.counterexamplePath ?? ''}, ${details.numShrinks} shrinks)`;
          failures.push(...prefixed(`minimal failing ${kind} request: ${describeInputs(minimal)}\n${replay}`, found));
        }

        if (good) {
          await test.step(`send ${n} valid requests (seed ${seed})`, () =>
            run('valid', good, (i) => i, (i, r) => acceptedVerdict('GEN-FUZZ', spec, op, session, i, r, 'a valid generated request', false)),
          );
        }
        if (bad) {
          await test.step(`send ${n} invalid requests (seed ${seed})`, () =>
            run('invalid', bad, (x) => x.inputs, (x, r) => prefixed(x.description, checkRejected('GEN-FUZZ', responseChecks(spec, op, session, r).ctx))),
          );
        }
        noteBudget(testInfo, sender, budgetOf(session), 'generated requests');
        await expectNone(testInfo, session, failures);
      });
    }

    for (const chain of chains) {
      test(`GEN-STATEFUL ${chain.name}: each step answers as documented, an update shows in a later read, a deleted resource is gone`, async ({ session, adapter }, testInfo) => {
        testInfo.skip(session.target.target === 'production', 'GEN-STATEFUL creates and deletes; the production target is read-only.');
        await runChain(chain, spec, session, adapter, testInfo, prepare, budgetOf(session));
      });
    }
  });
}

/**
 * The credential headers of a step: its link's x-credential; else its source's when the scheme fits (a delete: its
 * own valid request's first, which may carry a key with the delete scope); else its own valid request's.
 */
async function stepAuth(step: ChainStep, from: { ctx: ExpressionContext; auth: Record<string, string>; scheme: string | null }, session: ProviderSession, adapter: ProviderAdapter, prepare: ReturnType<typeof validRequests>): Promise<{ auth: Record<string, string>; scheme: string | null }> {
  const scheme = step.op.conformance.tokens[0] ?? null;
  if (step.credential) return { auth: adapter.authHeaders(scheme ?? '', String(evaluate(step.credential, from.ctx))), scheme };
  const inherited = from.scheme && step.op.conformance.tokens.includes(from.scheme) ? { auth: from.auth, scheme: from.scheme } : undefined;
  // A delete may need a credential of its own (a key with the delete scope): its valid request's, where it has one.
  if (inherited && step.op.method !== 'delete') return inherited;
  const p = await prepare(step.op, session, adapter);
  if ('skip' in p) {
    if (inherited) return inherited;
    throw new Error(p.skip);
  }
  // The valid request's credential: its token kind, and the credential headers it carries (a key issued for it).
  const headers = step.op.requestBody ? {} : (p.request.headers ?? {});
  return { auth: { ...(await authFor(session, p.request.token, adapter.authHeaders)), ...headers }, scheme: p.request.token };
}

/** The request a step sends: its link's parameters and body evaluated against the exchange it follows. */
function stepInputs(step: ChainStep, ctx: ExpressionContext): ValidInputs {
  const placed = placeParameters(step.op, Object.fromEntries(Object.entries(step.link.parameters).map(([k, v]) => [k, evaluate(v, ctx)])));
  let body: unknown = step.link.requestBody === undefined ? undefined : evaluate(step.link.requestBody, ctx);
  if (body === undefined && step.op.requestBody) body = step.op.requestBody.content[0]?.examples[0]?.value;
  return { pathParams: placed.pathParams, query: placed.query, headers: placed.headers, body };
}

const contextOf = (inputs: ValidInputs, result: ApiResult): ExpressionContext => ({ request: { pathParams: inputs.pathParams, query: inputs.query, headers: inputs.headers, json: inputs.body }, response: { status: result.status, json: result.json } });

async function runChain(chain: Chain, spec: Spec, session: ProviderSession, adapter: ProviderAdapter, testInfo: TestInfo, prepare: ReturnType<typeof validRequests>, budget: RequestBudget): Promise<void> {
  const failures: PhaseFailure[] = [];
  const sender = new Sender(session, adapter, budget);
  const checked = (op: OperationInfo, result: ApiResult, what: string) => failures.push(...prefixed(what, responseChecks(spec, op, session, result).failures));

  // create: a fresh valid request of the creating operation (never the shared one: that resource belongs to others).
  const request = await adapter.validRequest(chain.create, session);
  testInfo.skip('skip' in request, 'skip' in request ? request.skip : '');
  if ('skip' in request) return;
  const createAuth = await authFor(session, request.token, adapter.authHeaders);
  const createInputs: ValidInputs = { pathParams: request.pathParams ?? {}, query: request.query ?? {}, headers: request.headers ?? {}, body: request.json };
  const created = await test.step(`create: ${chain.create.operationId}`, () => sender.send(chain.create, createInputs, { ...createAuth, ...(request.headers ?? {}) }, `${chain.create.operationId} (chain: create)`, false));
  testInfo.skip(!created, 'The request budget (--max-requests) is spent: the chain was not started.');
  if (!created) return;
  checked(chain.create, created, `${chain.create.operationId} (create)`);
  expect(created.status, `${chain.create.operationId} should create what the chain reads (documented ${chain.status}); it answered ${created.status}: ${session.redactor.redactText(created.bodyText.slice(0, 300))}`).toBe(chain.status);
  const origin = { ctx: contextOf(createInputs, created), auth: createAuth, scheme: request.token };

  const follow = async (step: ChainStep, from: typeof origin, what: string) => {
    const { auth, scheme } = await stepAuth(step, from, session, adapter, prepare);
    let inputs: ValidInputs;
    try {
      inputs = stepInputs(step, from.ctx);
    } catch (err) {
      if (!(err instanceof MissingValueError)) throw err;
      failures.push({ check: 'GEN-STATEFUL', title: 'Link cannot be followed', message: `Received: ${err.message}\nDocumented: the link ${step.link.name} at ${step.pointer}`, pointer: step.pointer, severity: 'error' });
      return undefined;
    }
    const result = await test.step(`${what}: ${step.op.operationId}`, () => sender.send(step.op, inputs, auth, `${step.op.operationId} (chain: ${what})`, inputs.body !== undefined));
    if (result) checked(step.op, result, `${step.op.operationId} (${what})`);
    return result ? { result, inputs, next: { ctx: contextOf(inputs, result), auth, scheme } } : undefined;
  };

  for (const read of chain.reads) {
    const r = await follow(read, origin, 'read');
    if (r && (r.result.status < 200 || r.result.status >= 300)) failures.push(...prefixed(`${read.op.operationId} (read after create)`, [{ check: 'GEN-STATEFUL', title: 'Created resource not readable', message: `Received: ${r.result.status}\nDocumented: a 2xx for what ${chain.create.operationId} created`, pointer: read.pointer, severity: 'error' }]));
  }
  for (const update of chain.updates) {
    const u = await follow(update.step, origin, 'update');
    if (!u) continue;
    if (u.result.status !== update.status) {
      failures.push({ check: 'GEN-STATEFUL', title: 'Update not applied', message: `Received: ${u.result.status}\nDocumented: ${update.status} from ${update.step.op.operationId}`, pointer: update.step.pointer, severity: 'error' });
      continue;
    }
    for (const readBack of update.readBack) {
      const r = await follow(readBack, u.next, 'read after update');
      if (r) failures.push(...checkUpdateVisible({ operationId: update.step.op.operationId, body: u.inputs.body }, { op: readBack.op, status: r.result.status, json: r.result.json }));
    }
  }
  const removed = await follow(chain.remove, origin, 'delete');
  if (removed && removed.result.status === 403 && session.target.target !== 'mock') {
    // The run's credential may lack the delete scope (a sandbox key): the chain ends here, said so, not failed.
    testInfo.annotations.push({ type: 'chain stopped', description: `${chain.remove.op.operationId} answered 403: this run's credential may not delete, so the read after the delete was not judged.` });
  } else if (removed && (removed.result.status < 200 || removed.result.status >= 300)) {
    failures.push({ check: 'GEN-STATEFUL', title: 'Delete refused', message: `Received: ${removed.result.status}\nDocumented: a 2xx from ${chain.remove.op.operationId}`, pointer: chain.remove.pointer, severity: 'error' });
  } else if (removed) {
    for (const read of chain.reads) {
      const r = await follow(read, origin, 'read after delete');
      if (r) failures.push(...checkGone({ spec, op: read.op, request: { method: read.op.method, url: r.result.exchange.request.url }, response: r.result }, chain.remove.op.operationId));
    }
  }
  noteBudget(testInfo, sender, budget, 'chain requests');
  await expectNone(testInfo, session, failures);
}
