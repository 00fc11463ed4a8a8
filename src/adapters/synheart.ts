/**
 * The Synheart adapter: which credentials a run needs, how the `apiKey` scheme travels, how server-to-server
 * ingestion is signed (the recipe is read from `x-synheart-signing` on ingestSnapshots), and a valid request for
 * every operation of specs/synheart.openapi.yaml.
 *
 * Synheart keys are issued in the developer portal, not through the API: the `apiKey` kind is the configured
 * SYNHEART_API_KEY. Writes use data this adapter ingests itself, for a fresh user id, so that no run touches
 * anything it did not create. Two operations need what only a person or the portal can give (a key with the
 * `delete` scope, the approval of a CLI login); on the mock target the control surface stands in for them.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { ConformanceError } from '../errors';
import { getByPointer, loadSpecSync, resolveRef, type OperationInfo } from '../openapi';
import type { ApiResult } from '../targets/api';
import { MockControl } from '../targets/mock-control';
import type { Environment } from '../targets';
import type { ProviderAdapter, ProviderSession, TokenGrant, UnfitCredential, ValidRequestResult } from './types';

/** The credential variables (the names the mock's `credentials(state)` prints). */
export const SYNHEART_VARIABLES = {
  apiKey: 'SYNHEART_API_KEY',
  signingSecret: 'SYNHEART_SIGNING_SECRET',
  appId: 'SYNHEART_APP_ID',
  readOnlyApiKey: 'SYNHEART_READ_ONLY_API_KEY',
} as const;

/** The spec's security schemes: the key in `x-api-key`, and the same key as `Authorization: Bearer` (consent profiles). */
export const API_KEY_SCHEME = 'apiKey';
export const BEARER_KEY_SCHEME = 'bearerKey';
const INGEST_OPERATION = 'ingestSnapshots';
const SECOND_MS = 1000;

const spec = () => loadSpecSync('synheart');

// ---- credentials and headers ------------------------------------------------------------------------------

function credentialsOf(session: ProviderSession, environment?: Environment): Record<string, string> {
  if (!environment || environment === session.target.environment) return session.target.credentials;
  return session.target.credentialsByEnvironment?.[environment] ?? {};
}

function requireVariable(session: ProviderSession, name: string, environment?: Environment): string {
  const value = credentialsOf(session, environment)[name];
  if (!value) throw new ConformanceError('CREDENTIALS_MISSING', `${name} is not set for the Synheart ${environment ?? session.target.environment} target. Set it in the environment or in .env (see .env.example; "npx conformance init" writes one).`);
  return value;
}

/** The app of the configured keys (SYNHEART_APP_ID). */
export const appIdOf = (session: ProviderSession): string => requireVariable(session, SYNHEART_VARIABLES.appId);

/** The configured read-only key, or undefined when the run was given none (it is optional). */
export const readOnlyApiKey = (session: ProviderSession): string | undefined => credentialsOf(session)[SYNHEART_VARIABLES.readOnlyApiKey];

/**
 * The header a scheme names (components.securitySchemes): the key as is in an apiKey header, or after `Bearer` in
 * Authorization for an http bearer scheme.
 */
function authHeaders(scheme: string, value: string): Record<string, string> {
  const def = resolveRef<Record<string, unknown> | undefined>(spec().document, spec().document.components?.securitySchemes?.[scheme]);
  if (def?.type === 'http' && String(def.scheme).toLowerCase() === 'bearer') return { Authorization: `Bearer ${value}` };
  if (def?.type !== 'apiKey' || def.in !== 'header' || typeof def.name !== 'string') {
    throw new ConformanceError('SPEC_INVALID', `The synheart spec has no header or bearer security scheme "${scheme}" (components.securitySchemes); the adapter cannot send that credential.`);
  }
  return { [def.name]: value };
}

/** A key as the mock issues it, or as configured: the value sent, its signing secret and its app. */
export interface SynheartKey {
  keyId?: string;
  secretKey: string;
  signingSecret: string;
  appId: string;
}

/** SYNHEART_API_KEY with its signing secret and app. */
export function mainKey(session: ProviderSession): SynheartKey {
  return {
    secretKey: requireVariable(session, SYNHEART_VARIABLES.apiKey),
    signingSecret: requireVariable(session, SYNHEART_VARIABLES.signingSecret),
    appId: appIdOf(session),
  };
}

function obtain(kind: string, session: ProviderSession, environment?: Environment): Promise<TokenGrant> {
  if (kind !== API_KEY_SCHEME && kind !== BEARER_KEY_SCHEME) {
    return Promise.reject(new ConformanceError('BAD_ARGUMENTS', `The Synheart adapter knows the token kinds ${API_KEY_SCHEME} and ${BEARER_KEY_SCHEME}; "${kind}" is not one of them.`));
  }
  // Keys come from the developer portal, never from the API: the configured key is the credential (both schemes carry it).
  const value = requireVariable(session, SYNHEART_VARIABLES.apiKey, environment);
  return Promise.resolve({ kind, value, extra: { appId: requireVariable(session, SYNHEART_VARIABLES.appId, environment) } });
}

// ---- the mock's control surface (mock target only) --------------------------------------------------------

/** The control surface of the target's instance, or undefined off the mock target. */
export function controlOf(session: ProviderSession): MockControl | undefined {
  const url = session.target.control?.[session.target.environment];
  return url ? new MockControl(url) : undefined;
}

export interface KeyRequest {
  scopes: string[];
  environment?: string;
  label?: string;
}

/** Issues a new key on the mock as the portal would (control action createKey); its secrets go to the redactor. */
export async function createMockKey(control: MockControl, session: ProviderSession, request: KeyRequest): Promise<SynheartKey & { keyId: string }> {
  const issued = (await control.action('createKey', { ...request })) as { key_id: string; secret_key: string; signing_secret: string; app_id: string };
  session.redactor.addSecret(issued.secret_key);
  session.redactor.addSecret(issued.signing_secret);
  return { keyId: issued.key_id, secretKey: issued.secret_key, signingSecret: issued.signing_secret, appId: issued.app_id };
}

// ---- signed ingestion -------------------------------------------------------------------------------------

/** The signing recipe the spec documents on ingestSnapshots (`x-synheart-signing`). */
interface SigningRecipe {
  timestampWindowSeconds: number;
  /** The request size limit of ingestion in bytes, when the spec states one. */
  maxRequestBytes?: number;
}

/** Reads and checks the recipe: this adapter signs HMAC-SHA256 in lowercase hex, as the spec says. */
export function signingRecipe(): SigningRecipe {
  const op = spec().operation(INGEST_OPERATION);
  const recipe = getByPointer(spec().document, `${op.pointer}/x-synheart-signing`) as Record<string, unknown> | undefined;
  if (recipe?.algorithm !== 'hmac-sha256' || recipe.encoding !== 'lowercase hex' || typeof recipe.timestampWindowSeconds !== 'number') {
    throw new ConformanceError('SPEC_INVALID', `The synheart spec's ${INGEST_OPERATION} x-synheart-signing is not the HMAC-SHA256 / lowercase hex recipe this adapter implements. Update src/adapters/synheart.ts.`);
  }
  return { timestampWindowSeconds: recipe.timestampWindowSeconds, ...(typeof recipe.maxRequestBytes === 'number' ? { maxRequestBytes: recipe.maxRequestBytes } : {}) };
}

/** Lowercase hex HMAC-SHA256 of the timestamp followed by the exact body text. */
function signature(signingSecret: string, timestamp: string, bodyText: string): string {
  return createHmac('sha256', signingSecret).update(timestamp, 'utf8').update(bodyText, 'utf8').digest('hex');
}

export interface SignOptions {
  /** Unix seconds to sign with (default: now). */
  timestamp?: number;
  nonce?: string;
}

export const nowSeconds = (): number => Math.floor(Date.now() / SECOND_MS);

/** The three signature headers of the spec for this exact body text, signed by the spec's recipe. */
export function signatureHeaders(signingSecret: string, bodyText: string, opts: SignOptions = {}): Record<string, string> {
  signingRecipe();
  const timestamp = String(opts.timestamp ?? nowSeconds());
  return {
    'X-Synheart-Signature': signature(signingSecret, timestamp, bodyText),
    'X-Synheart-Timestamp': timestamp,
    'X-Synheart-Nonce': opts.nonce ?? randomUUID(),
  };
}

/** A user id nobody used yet (unique per call, so runs and workers never collide). */
export const freshUserId = (): string => `conformance-${randomUUID()}`;

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

type Json = Record<string, unknown>;

/** The spec's bare HSI 1.3 example snapshot, observed a minute ago, with a new producer id. */
function freshSnapshot(): Json {
  const example = exampleIngestBody(CONTRACT_EXAMPLE).snapshots as Json[];
  const snapshot = structuredClone(example[0]!);
  const observed = Date.now() - 60 * SECOND_MS;
  snapshot.observed_at_utc = isoSeconds(observed);
  snapshot.computed_at_utc = isoSeconds(observed + 2 * SECOND_MS);
  const windows = snapshot.windows as Record<string, Json>;
  for (const w of Object.values(windows)) Object.assign(w, { start_utc: isoSeconds(observed - 60 * SECOND_MS), end_utc: isoSeconds(observed) });
  snapshot.meta = { ids: { hsi_id: randomUUID() } };
  return snapshot;
}

/** The request body examples of ingestSnapshots the adapter builds from: the core SDK's body, and the contract's bare HSI 1.3 one. */
const SDK_EXAMPLE = 'coreSdk';
const CONTRACT_EXAMPLE = 'hsi13';

function exampleIngestBody(name: string): Json {
  const example = spec().operation(INGEST_OPERATION).requestBody?.content[0]?.examples.find((e) => e.name === name);
  if (!example) throw new ConformanceError('SPEC_INVALID', `The synheart spec gives no request body example "${name}" for ${INGEST_OPERATION}; the adapter builds its ingestion bodies from it.`);
  return structuredClone(example.value) as Json;
}

/**
 * A valid ingestion body that names its app, from the spec's bare HSI 1.3 example: the key's app, a fresh user, one
 * fresh snapshot. The example's `metadata.org_id` is left out (it is optional and this run does not know the
 * organization of the key).
 */
export function ingestionBody(appId: string, overrides: Json = {}): Json {
  const { org_id: _org, ...metadata } = exampleIngestBody(CONTRACT_EXAMPLE).metadata as Json;
  return { user_id: freshUserId(), app_id: appId, metadata, snapshots: [freshSnapshot()], ...overrides };
}

/** An instant as the Dart SDK writes it (`DateTime.toUtc().toIso8601String()`: milliseconds and Z). */
const dartIso = (ms: number) => new Date(ms).toISOString();

/**
 * The body the official core SDK sends, from the spec's `coreSdk` example: no app_id, `metadata.org_id: null`, one
 * wrapper `{hsi, focus, emotion, timestamp}` around an HSI 1.0 export observed a minute ago, for a fresh user.
 */
export function sdkIngestionBody(overrides: Json = {}): Json {
  const body = exampleIngestBody(SDK_EXAMPLE);
  const wrapper = (body.snapshots as Json[])[0]!;
  const hsi = wrapper.hsi as Json;
  const observed = Date.now() - 60 * SECOND_MS;
  Object.assign(hsi, { observed_at_utc: dartIso(observed), computed_at_utc: dartIso(observed + 2 * SECOND_MS) });
  (hsi.producer as Json).instance_id = randomUUID();
  for (const w of Object.values(hsi.windows as Record<string, Json>)) Object.assign(w, { start: dartIso(observed - 30 * SECOND_MS), end: dartIso(observed) });
  for (const part of ['focus', 'emotion']) (wrapper[part] as Json).timestamp = dartIso(observed);
  wrapper.timestamp = dartIso(observed);
  return { ...body, user_id: freshUserId(), snapshots: [wrapper], ...overrides };
}

export interface SignedRequest {
  headers: Record<string, string>;
  /** The exact text that was signed: send it as `body`, never re-serialised. */
  body: string;
}

/** An ingestion request signed with a key: its `x-api-key`, the content type and the signature of the exact text. */
export function signedIngestion(key: SynheartKey, body: unknown, opts: SignOptions & { bodyText?: string } = {}): SignedRequest {
  const text = opts.bodyText ?? JSON.stringify(body);
  return {
    body: text,
    headers: { ...authHeaders(API_KEY_SCHEME, key.secretKey), 'content-type': 'application/json', ...signatureHeaders(key.signingSecret, text, opts) },
  };
}

/** Throws a could-not-run error naming the call unless it answered `status`. */
function ensureStatus(res: ApiResult, status: number, what: string, fix: string): void {
  if (res.status === status) return;
  throw new ConformanceError('UNEXPECTED_ANSWER', `Could not ${what}: ${res.op.operationId} answered ${res.status} (expected ${status}). ${fix}`);
}

/**
 * Ingests one fresh snapshot with the main key, in the core SDK's form (so that reads answer the SDK's wrapper), and
 * returns its id (the 200 names it for a single snapshot).
 */
export async function ingestFreshSnapshot(session: ProviderSession, label = 'ingest a snapshot to work on'): Promise<string> {
  const key = mainKey(session);
  const res = await session.api.call(INGEST_OPERATION, { ...signedIngestion(key, sdkIngestionBody()), label });
  ensureStatus(res, 200, 'ingest a fresh snapshot', `Check ${SYNHEART_VARIABLES.apiKey} (write scope), ${SYNHEART_VARIABLES.signingSecret} and ${SYNHEART_VARIABLES.appId}, and that the app is on the ingestion allowlist.`);
  return (res.json as { snapshot_id: string }).snapshot_id;
}

// ---- valid requests ---------------------------------------------------------------------------------------

/** The spec documents this status for the operation (a guard against a fixture drifting from the spec). */
function documented(op: OperationInfo, status: string): string {
  if (!op.responses.some((r) => r.status === status)) {
    throw new ConformanceError('SPEC_INVALID', `The Synheart adapter expects ${op.operationId} to answer ${status}, but the spec documents ${op.responses.map((r) => r.status).join(', ')}. Update src/adapters/synheart.ts.`);
  }
  return status;
}

/** The example of a parameter, from the spec. */
function parameterExample(op: OperationInfo, name: string): unknown {
  const param = op.parameters.find((p) => p.name === name);
  const example = param?.example ?? param?.examples[0];
  if (example === undefined) throw new ConformanceError('SPEC_INVALID', `The synheart spec gives no example for ${op.operationId} parameter ${name}.`);
  return example;
}

/** The JSON request body example of an operation (the device flow documents form and JSON; this adapter sends JSON). */
function jsonExample(op: OperationInfo): Json {
  const media = op.requestBody?.content.find((m) => m.contentType === 'application/json');
  const example = media?.examples[0];
  if (!example) throw new ConformanceError('SPEC_INVALID', `The synheart spec gives no application/json request example for ${op.operationId}.`);
  return structuredClone(example.value) as Json;
}

/** Ingestion mutates: the production target never ingests (x-conformance, enforced by the ApiClient). */
const mayIngest = (session: ProviderSession): boolean => session.target.target !== 'production';

/** A snapshot of the key's app to read: one ingested for the purpose, or on production the newest one listed. */
async function snapshotToRead(session: ProviderSession): Promise<string | undefined> {
  if (mayIngest(session)) return ingestFreshSnapshot(session, 'ingest a snapshot to read');
  const res = await session.api.call('listSnapshots', { query: { limit: 1 }, auth: authHeaders(API_KEY_SCHEME, mainKey(session).secretKey), label: 'find a snapshot to read' });
  ensureStatus(res, 200, 'list the snapshots of the app', `Check ${SYNHEART_VARIABLES.apiKey} (read scope).`);
  return (res.json as { snapshots: { snapshot_id: string }[] }).snapshots[0]?.snapshot_id;
}

type Builder = (session: ProviderSession, op: OperationInfo) => Promise<ValidRequestResult>;

const DELETE_KEY_UNREACHABLE =
  'deleteSnapshot needs a key with the delete scope; the Synheart credentials of a run (SYNHEART_API_KEY with read and write, SYNHEART_READ_ONLY_API_KEY) carry none, and only the mock can issue one (control action createKey).';
const APPROVAL_UNREACHABLE =
  'exchangeDeviceCode answers 200 only after a person approves the CLI login in the developer portal; only the mock can stand in for them (control action approveDevice).';

const VALID_REQUESTS: Record<string, Builder> = {
  // Signed over JSON.stringify(json), which is exactly the text the HTTP client sends for `json` (src/http/client.ts).
  // `json` rather than a raw body, so that the generated negative probes can derive bad bodies from it. The body is
  // the one the official core SDK sends (no app_id, an SDK wrapper around HSI 1.0).
  ingestSnapshots: async (session, op) => {
    const key = mainKey(session);
    const json = sdkIngestionBody();
    return { token: API_KEY_SCHEME, headers: signatureHeaders(key.signingSecret, JSON.stringify(json)), json, expectStatus: documented(op, '200') };
  },
  listSnapshots: async (_session, op) => ({ token: API_KEY_SCHEME, query: { limit: parameterExample(op, 'limit') as number }, expectStatus: documented(op, '200') }),
  getSnapshot: async (session, op) => {
    const snapshotId = await snapshotToRead(session);
    if (!snapshotId) return { skip: 'getSnapshot needs a snapshot to read, and the app of SYNHEART_API_KEY has none on this target (production is never written to).' };
    return { token: API_KEY_SCHEME, pathParams: { snapshot_id: snapshotId }, expectStatus: documented(op, '200') };
  },
  deleteSnapshot: async (session, op) => {
    const control = controlOf(session);
    if (!control) return { skip: DELETE_KEY_UNREACHABLE };
    const deleter = await createMockKey(control, session, { scopes: ['delete'], label: 'conformance: deleteSnapshot valid request' });
    const snapshotId = await ingestFreshSnapshot(session, 'ingest a snapshot to delete');
    return { token: null, headers: authHeaders(API_KEY_SCHEME, deleter.secretKey), pathParams: { snapshot_id: snapshotId }, expectStatus: documented(op, '204') };
  },
  listConsentProfiles: async (session, op) => ({
    token: API_KEY_SCHEME,
    pathParams: { app_id: appIdOf(session) },
    query: { active_only: parameterExample(op, 'active_only') as boolean },
    expectStatus: documented(op, '200'),
  }),
  requestDeviceCode: async (_session, op) => ({ token: null, json: jsonExample(op), expectStatus: documented(op, '200') }),
  exchangeDeviceCode: async (session, op) => {
    const control = controlOf(session);
    if (!control) return { skip: APPROVAL_UNREACHABLE };
    const login = await startDeviceLogin(session);
    await control.action('approveDevice', { user_code: login.user_code });
    return { token: null, json: deviceTokenRequest(login.device_code), expectStatus: documented(op, '200') };
  },
};

// ---- the CLI's device flow ---------------------------------------------------------------------------------

export interface DeviceLogin {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

/** The CLI's client id: the one the spec's examples use. */
export const cliClientId = (): string => String(jsonExample(spec().operation('requestDeviceCode')).client_id);

/** Starts a CLI login (requestDeviceCode with the spec's JSON example); the device code goes to the redactor. */
export async function startDeviceLogin(session: ProviderSession, label = 'start a CLI login'): Promise<DeviceLogin> {
  const res = await session.api.call('requestDeviceCode', { json: jsonExample(spec().operation('requestDeviceCode')), label });
  ensureStatus(res, 200, 'start a CLI login', 'The device authorization endpoint must accept the CLI client id of the spec.');
  const login = res.json as DeviceLogin;
  session.redactor.addSecret(login.device_code);
  return login;
}

/** The token request body for a device code (RFC 8628 section 3.4), from the spec's JSON example. */
export function deviceTokenRequest(deviceCode: string): Json {
  return { ...jsonExample(spec().operation('exchangeDeviceCode')), device_code: deviceCode, client_id: cliClientId() };
}

function validRequest(op: OperationInfo, session: ProviderSession): Promise<ValidRequestResult> {
  const build = VALID_REQUESTS[op.operationId];
  if (!build) throw new ConformanceError('SPEC_INVALID', `The Synheart adapter has no valid request for ${op.operationId}. Add one to VALID_REQUESTS in src/adapters/synheart.ts.`);
  return build(session, op);
}

/** The scopes the spec's security requirements name (read, write, delete). */
const namedScopes = (): string[] => [...new Set([...spec().operations.values()].flatMap((op) => op.security.flat().flatMap((r) => r.scopes)))];

/**
 * A key without some scopes: on the mock, one issued with every other scope the spec names (control action
 * createKey); elsewhere SYNHEART_READ_ONLY_API_KEY when what it lacks (everything but read) covers them.
 * Synheart keys have no subject that can be deleted.
 */
async function unfitCredential(want: UnfitCredential, session: ProviderSession): Promise<TokenGrant | { skip: string }> {
  if (want.kind !== 'missing-scopes') return { skip: `Synheart has no ${want.scheme} credential whose subject can be deleted.` };
  const control = controlOf(session);
  if (control) {
    const key = await createMockKey(control, session, { scopes: namedScopes().filter((s) => !want.scopes.includes(s)), label: `conformance: a key without ${want.scopes.join(', ')}` });
    return { kind: want.scheme, value: key.secretKey };
  }
  const readOnly = readOnlyApiKey(session);
  if (readOnly && !want.scopes.includes('read')) return { kind: want.scheme, value: readOnly };
  return { skip: `A key without ${want.scopes.join(', ')} is needed; the run has none (${SYNHEART_VARIABLES.readOnlyApiKey} has read only), and only the mock can issue one (control action createKey).` };
}

/** A signed ingestion with another body (the deeper generated phases): signed again, with a fresh nonce, by the main key. */
async function bodyHeaders(op: OperationInfo, json: unknown, session: ProviderSession): Promise<Record<string, string>> {
  if (op.operationId !== INGEST_OPERATION) return {};
  return signatureHeaders(mainKey(session).signingSecret, JSON.stringify(json));
}

export const adapter: ProviderAdapter = {
  unfitCredential,
  bodyHeaders,
  provider: 'synheart',
  credentials: {
    required: [SYNHEART_VARIABLES.apiKey, SYNHEART_VARIABLES.signingSecret, SYNHEART_VARIABLES.appId],
    optional: [SYNHEART_VARIABLES.readOnlyApiKey],
  },
  verifyKinds: ['apiKey'],
  authHeaders,
  obtain,
  validRequest,
};
