/**
 * Shared by the mocks' robustness tests (fuzz.spec.ts, load.spec.ts): any provider's mock started through the
 * registry, the valid credentials and ids an instance holds (minted with the providers' own test helpers), one
 * undici exchange, the spec-derived error-shape check, a comparable snapshot of a mock's state and a way to
 * collect garbage before measuring memory.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Dispatcher } from 'undici';
import { startMock } from '../../mocks/kernel';
import { createRouter } from '../../mocks/kernel/router';
import type { ProviderMockDefinition, RunningMock } from '../../mocks/kernel/types';
import { loadMockDefinition } from '../../mocks/registry';
import { getAdapter } from '../../src/adapters';
import { isJsonMedia } from '../../src/checks/media';
import { findResponse, type OperationInfo, type ProviderName, type Spec } from '../../src/openapi';
import { control, parseJson } from './client';
import * as sahha from './sahha/helpers';
import * as sonar from './sonar/helpers';
import * as synheart from './synheart/helpers';

export interface Fixtures {
  /** Valid values per security scheme name ("account", "apiKey"), each one accepted by the instance now. */
  credentials: Record<string, string[]>;
  /** Ids of things the instance holds, per path parameter name ("user_id", "externalId"). */
  ids: Record<string, string[]>;
}

export interface MockUnderTest {
  provider: ProviderName;
  def: ProviderMockDefinition<unknown>;
  mock: RunningMock<unknown>;
  spec: Spec;
  /** What the kernel logged (a handler that threw logs one line). */
  logs: string[];
  /** Fresh state, faults off, no rate limit in the way; then the credentials and ids of that state. */
  prepare(): Promise<Fixtures>;
  /**
   * Headers besides the credential that make a request of this operation valid for exactly this body text
   * (Synheart's signed ingestion), or {} when it needs none.
   */
  signing(op: OperationInfo, credential: string, bodyText: string): Record<string, string>;
  /**
   * Top-level state fields that change with every request a credential makes, accepted or not, and why: they are
   * left out of the before/after comparison of rejected requests.
   */
  volatile: Record<string, string>;
}

const RATE_LIMIT_OFF = { limit: 1_000_000_000, windowSeconds: 60 };

async function sahhaFixtures(m: RunningMock<unknown>): Promise<Fixtures> {
  const mock = m as sahha.Sahha;
  const { appId, appSecret } = mock.state().credentials;
  return {
    credentials: {
      account: [await sahha.accountToken(mock)],
      profile: [(await sahha.profileToken(mock)).profileToken, (await sahha.profileToken(mock, sahha.EMPTY_SAMPLE)).profileToken],
      appId: [appId],
      appSecret: [appSecret],
    },
    ids: { externalId: [sahha.SAMPLE, sahha.OTHER_SAMPLE, sahha.EMPTY_SAMPLE] },
  };
}

async function sonarFixtures(m: RunningMock<unknown>): Promise<Fixtures> {
  const mock = m as sonar.Sonar;
  const users = sonar.userIds(mock).slice(0, 3);
  const state = mock.state();
  const mobile = await Promise.all(users.map(async (u) => (await sonar.mobileToken(mock, u)).token));
  return {
    credentials: { apiKey: [sonar.SANDBOX_KEY, sonar.LIVE_KEY], userToken: [(await sonar.userToken(mock, users[0]!)).token], mobileToken: mobile },
    ids: {
      user_id: [...users, sonar.UNKNOWN_USER],
      device_id: [...state.users.values()].flatMap((u) => u.devices.map((d) => d.id)).slice(0, 3),
      webhook_id: [...state.webhooks.keys()].slice(0, 3),
    },
  };
}

async function synheartFixtures(m: RunningMock<unknown>): Promise<Fixtures> {
  const state = (m as synheart.Synheart).state();
  return {
    credentials: { apiKey: [...state.keys.keys()] },
    ids: { snapshot_id: [...state.snapshots.keys()].slice(0, 3), app_id: [...state.apps.keys()] },
  };
}

const FIXTURES: Record<ProviderName, (mock: RunningMock<unknown>) => Promise<Fixtures>> = { sahha: sahhaFixtures, sonar: sonarFixtures, synheart: synheartFixtures };

const VOLATILE: Record<ProviderName, Record<string, string>> = {
  sahha: {},
  sonar: { rateWindows: 'every request made with a credential counts against its rate-limit window' },
  synheart: {
    rateWindows: 'every request made with a key counts against its rate-limit window',
    nonces: 'the spec decides that a nonce is consumed once the signature and timestamp pass, whatever is refused next (x-synheart-signing), and expired ones are pruned on any signed request',
  },
};

function signingFor(provider: ProviderName, mock: RunningMock<unknown>) {
  return (op: OperationInfo, credential: string, bodyText: string): Record<string, string> => {
    if (provider !== 'synheart' || !op.parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'x-synheart-signature')) return {};
    const key = (mock as synheart.Synheart).state().keys.get(credential);
    if (!key) return {};
    const { 'x-api-key': _key, ...rest } = synheart.signedHeaders(mock as synheart.Synheart, synheart.keyOf(mock as synheart.Synheart, key.keyId), bodyText);
    return rest;
  };
}

/** Starts a provider's mock as `npm run mock` does (registry definition, kernel), on a free port. */
export async function startProviderMock(provider: ProviderName, opts: { validateResponses?: boolean } = {}): Promise<MockUnderTest> {
  const def = await loadMockDefinition(provider);
  const logs: string[] = [];
  const mock = await startMock(def, { port: 0, validateResponses: opts.validateResponses ?? false, log: (line) => void logs.push(line) });
  return {
    provider,
    def,
    mock,
    spec: def.spec,
    logs,
    async prepare() {
      mock.reset();
      if (def.control?.setRateLimit) await control(mock, 'setRateLimit', RATE_LIMIT_OFF);
      return FIXTURES[provider](mock);
    },
    signing: signingFor(provider, mock),
    volatile: VOLATILE[provider],
  };
}

/** The headers that carry credentials of one security alternative of an operation, through the provider's adapter. */
export function authHeaders(provider: ProviderName, alternative: { scheme: string }[], pick: (scheme: string) => string | undefined): Record<string, string> | undefined {
  const adapter = getAdapter(provider);
  const out: Record<string, string> = {};
  for (const { scheme } of alternative) {
    const value = pick(scheme);
    if (value === undefined) return undefined;
    Object.assign(out, adapter.authHeaders(scheme, value));
  }
  return out;
}

// ---- one exchange ------------------------------------------------------------------------------------------

export interface Exchange {
  method: string;
  /** The request target exactly as sent: path and query. */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

export async function send(dispatcher: Dispatcher, ex: Exchange): Promise<Reply> {
  const res = await dispatcher.request({ method: ex.method, path: ex.path, headers: ex.headers, body: ex.body });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text, json: parseJson(text) };
}

// ---- error shape -------------------------------------------------------------------------------------------

export interface Routed {
  op?: OperationInfo;
  /** "operation", "not_found", "method_not_allowed", "outside" (not under the API's base path), or why it was not routed. */
  kind: string;
}

/** The operation a request target reaches, routed as the kernel routes it. */
export function routeOf(spec: Spec, environment: string): (method: string, target: string) => Routed {
  const router = createRouter(spec, environment);
  return (method, target) => {
    const q = target.indexOf('?');
    const relative = router.relative(q < 0 ? target : target.slice(0, q));
    if (relative === undefined) return { kind: 'outside' };
    const route = router.route(method, relative);
    return route.kind === 'operation' ? { kind: route.kind, op: route.op } : { kind: route.kind };
  };
}

const COMPONENT = '#/components/schemas/';
const baseErrors = new WeakMap<Spec, string[]>();

/**
 * The provider's generic error shapes: the component schemas its documented 4xx bodies are built on, found by
 * following each one's `$ref` and `allOf` members down to the components that extend no other ("Error" for
 * Sonar under BadRequestError and the rest; Synheart's "ApiError" and "OAuthError").
 */
function baseErrorComponents(spec: Spec): string[] {
  let list = baseErrors.get(spec);
  if (list) return list;
  const schemas = (spec.document.components?.schemas ?? {}) as Record<string, { allOf?: { $ref?: string }[] }>;
  const found = new Set<string>();
  const visit = (name: string): void => {
    const parents = (schemas[name]?.allOf ?? []).map((m) => m.$ref).filter((r): r is string => typeof r === 'string' && r.startsWith(COMPONENT));
    if (parents.length === 0) found.add(name);
    for (const ref of parents) visit(ref.slice(COMPONENT.length));
  };
  for (const op of spec.operations.values()) {
    for (const r of op.responses.filter((r) => /^4/.test(r.status))) {
      for (const m of r.content) {
        const ref = (m.schema as { $ref?: unknown } | undefined)?.$ref;
        if (typeof ref === 'string' && ref.startsWith(COMPONENT)) visit(ref.slice(COMPONENT.length));
      }
    }
  }
  list = [...found];
  baseErrors.set(spec, list);
  return list;
}

/**
 * Why an error answer is not in the provider's documented shape ([] when it is): against the schema the spec
 * documents for that operation and status when the request reached an operation, else against the provider's
 * generic error shapes (baseErrorComponents).
 */
export function errorShapeProblems(spec: Spec, routed: Routed, reply: Reply): string[] {
  const contentType = String(reply.headers['content-type'] ?? '');
  if (!isJsonMedia(contentType.split(';')[0]!.trim())) return [`the error answer's content type is "${contentType}", not JSON`];
  if (reply.json === undefined) return [`the error answer is not JSON: ${reply.text.slice(0, 200)}`];
  if (routed.op) {
    const media = findResponse(routed.op, reply.status)?.content.find((c) => isJsonMedia(c.contentType));
    if (!media?.schema) return [`${routed.op.operationId} documents no JSON body for ${reply.status}`];
    return spec.validators.validateAt(media.schemaPointer, media.schema, reply.json, { undeclared: true }).map((d) => d.message);
  }
  const bases = baseErrorComponents(spec);
  const results = bases.map((name) => spec.validators.validateComponent(name, reply.json, { undeclared: true }).map((d) => `${name}: ${d.message}`));
  return results.some((d) => d.length === 0) ? [] : results.flat();
}

// ---- state -------------------------------------------------------------------------------------------------

/**
 * A comparable text of a mock's state: Maps and Sets as their entries, functions left out, an object met again
 * written as "$seen" (tokens share their profile), and the named top-level fields left out.
 */
export function snapshotState(state: unknown, leaveOut: readonly string[] = []): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(state, function (this: unknown, key: string, value: unknown) {
    if (this === state && leaveOut.includes(key)) return undefined;
    if (typeof value === 'bigint') return `${value}n`;
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return '$seen';
    seen.add(value);
    if (value instanceof Map) return { $map: [...value] };
    if (value instanceof Set) return { $set: [...value] };
    return value;
  });
}

/** The first place two snapshots differ, for a readable failure. */
export function firstDifference(before: string, after: string): string {
  let i = 0;
  while (i < before.length && before[i] === after[i]) i++;
  return `at character ${i}: before …${before.slice(Math.max(0, i - 80), i + 80)}… after …${after.slice(Math.max(0, i - 80), i + 80)}…`;
}

// ---- memory ------------------------------------------------------------------------------------------------

/** A full garbage collection: global.gc when Node runs with --expose-gc, else the same function exposed for us. */
export function garbageCollector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

export const MB = 1024 * 1024;
