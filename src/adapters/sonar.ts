/**
 * The Sonar adapter: how each token kind of specs/sonar.openapi.yaml (`apiKey`, `userToken`, `mobileToken`) is
 * obtained, which credentials a run needs, and a valid request for every operation of the spec.
 *
 * The API key is configured (SONAR_API_KEY; SONAR_LIVE_API_KEY for production behaviour). User and mobile tokens
 * are minted through the API by operationId (createUserToken, createMobileToken) for the worker's own user: a
 * user created for the purpose (seeded with a week of data under a sandbox key), so that runs never collide.
 * Writes go to further fresh users, devices and webhooks, never to the worker's user.
 */
import { randomUUID } from 'node:crypto';
import { ConformanceError } from '../errors';
import { loadSpecSync, resolveRef, type OperationInfo } from '../openapi';
import type { Environment } from '../targets';
import type { ApiResult } from '../targets/api';
import type { ProviderAdapter, ProviderSession, TokenGrant, ValidRequest, ValidRequestResult } from './types';
import { documented, exampleBody, exampleQuery } from './spec-examples';

/** The credential variables (the names the mock's `credentials(state)` prints). */
export const SONAR_VARIABLES = { apiKey: 'SONAR_API_KEY', liveApiKey: 'SONAR_LIVE_API_KEY' } as const;

const spec = () => loadSpecSync('sonar');

// ---- credentials and headers ------------------------------------------------------------------------------

function requireVariable(session: ProviderSession, name: string): string {
  const value = session.target.credentials[name];
  if (!value) throw new ConformanceError('CREDENTIALS_MISSING', `${name} is not set for the Sonar ${session.target.target} target. Set it in the environment or in .env (see .env.example; "npx conformance init" writes one).`);
  return value;
}

/** The configured API key of the run (SONAR_API_KEY). */
const apiKeyOf = (session: ProviderSession): string => requireVariable(session, SONAR_VARIABLES.apiKey);

/** The `sk_live_` key, or undefined when the run was given none (it is optional). */
export const liveApiKeyOf = (session: ProviderSession): string | undefined => session.target.credentials[SONAR_VARIABLES.liveApiKey] || undefined;

/** Every Sonar scheme is HTTP bearer (`Authorization: Bearer <value>`); read from the spec so a change shows up. */
function authHeaders(scheme: string, value: string): Record<string, string> {
  const def = resolveRef<Record<string, unknown> | undefined>(spec().document, spec().document.components?.securitySchemes?.[scheme]);
  if (def?.type !== 'http' || String(def.scheme).toLowerCase() !== 'bearer') {
    throw new ConformanceError('SPEC_INVALID', `The sonar spec has no HTTP bearer security scheme "${scheme}" (components.securitySchemes); the adapter cannot send that credential.`);
  }
  return { Authorization: `Bearer ${value}` };
}

/** The API key's `Authorization` header. */
export const apiKeyHeaders = (session: ProviderSession): Record<string, string> => authHeaders('apiKey', apiKeyOf(session));

// ---- answers ----------------------------------------------------------------------------------------------

/** The JSON object body of an answer with `status`, or a could-not-run error naming the call and its status. */
function successBody<T>(res: ApiResult, status: number, what: string, fix = ''): T {
  if (res.status === status && typeof res.json === 'object' && res.json !== null) return res.json as T;
  throw new ConformanceError('UNEXPECTED_ANSWER', `Could not ${what}: ${res.op.operationId} answered ${res.status} (expected ${status} with a JSON body). ${fix}`.trim());
}

export interface IssuedToken {
  token: string;
  user_id: string;
  expires_at: string;
}

const isProduction = (session: ProviderSession) => session.target.target === 'production';

function refuseProductionWrite(session: ProviderSession, what: string): void {
  if (isProduction(session)) throw new ConformanceError('REQUEST_REFUSED', `Cannot ${what} on the Sonar production target: it needs a write, and the production target is read-only.`);
}

// ---- users ------------------------------------------------------------------------------------------------

/** A reference id nobody used yet (unique per call, so runs and workers never collide). */
export const freshReferenceId = (): string => `conformance-${randomUUID()}`;

export interface SonarUser {
  id: string;
  reference_id: string;
  score_status: string;
  last_sync_at: string | null;
  last_score_at: string | null;
}

/** Creates a user with the given key (SONAR_API_KEY by default): createUser, 201. */
export async function createFreshUser(session: ProviderSession, key = apiKeyOf(session)): Promise<SonarUser> {
  refuseProductionWrite(session, 'create a user');
  const example = exampleBody(spec().operation('createUser')) as Record<string, unknown>;
  const res = await session.api.call('createUser', { json: { ...example, reference_id: freshReferenceId() }, auth: authHeaders('apiKey', key), label: 'create a fresh user' });
  return successBody<{ data: SonarUser }>(res, 201, 'create a Sonar user', `Check ${SONAR_VARIABLES.apiKey}.`).data;
}

/** The first listed user (production target: the suite never creates users there). */
async function firstListedUser(session: ProviderSession): Promise<string> {
  const res = await session.api.call('listUsers', { query: { per_page: 1 }, auth: apiKeyHeaders(session), label: 'find a user to read' });
  const first = successBody<{ data: SonarUser[] }>(res, 200, 'list the Sonar users', `Check ${SONAR_VARIABLES.apiKey}.`).data[0];
  if (!first) throw new ConformanceError('CREDENTIALS_MISSING', 'The Sonar production account has no user to read; the data reads need at least one.');
  return first.id;
}

/**
 * The id of the worker's own user, whose data the reads are about (seeded in sandbox): created once per worker, and
 * off the mock target once per worker slot for the whole run (the run store), so a restarted worker creates none.
 */
export function workerUserId(session: ProviderSession): Promise<string> {
  return session.store.get('sonar:user', () => (isProduction(session) ? firstListedUser(session) : createFreshUser(session).then((u) => u.id)));
}

// ---- token kinds ------------------------------------------------------------------------------------------

/** A new user token for a user (createUserToken with the API key); the token is registered as a secret. */
export async function userTokenFor(session: ProviderSession, userId: string): Promise<IssuedToken> {
  refuseProductionWrite(session, 'issue a user token');
  const res = await session.api.call('createUserToken', { json: { user_id: userId }, auth: apiKeyHeaders(session), label: 'issue a user token' });
  const issued = successBody<IssuedToken>(res, 200, 'issue a Sonar user token', `Check ${SONAR_VARIABLES.apiKey}.`);
  session.redactor.addSecret(issued.token);
  return issued;
}

/** A new mobile token for a user (createMobileToken with the API key, all categories unless `scopes`). */
export async function mobileTokenFor(session: ProviderSession, userId: string, scopes?: string[]): Promise<IssuedToken> {
  refuseProductionWrite(session, 'issue a mobile token');
  const res = await session.api.call('createMobileToken', { json: { user_id: userId, ...(scopes ? { scopes } : {}) }, auth: apiKeyHeaders(session), label: 'issue a mobile token' });
  const issued = successBody<IssuedToken>(res, 200, 'issue a Sonar mobile token', `Check ${SONAR_VARIABLES.apiKey}.`);
  session.redactor.addSecret(issued.token);
  return issued;
}

const grantOf = (kind: string, issued: IssuedToken): TokenGrant => ({ kind, value: issued.token, expiresAt: Date.parse(issued.expires_at), extra: { userId: issued.user_id } });

const OBTAIN: Record<string, (session: ProviderSession) => Promise<TokenGrant>> = {
  apiKey: async (session) => ({ kind: 'apiKey', value: apiKeyOf(session) }),
  userToken: async (session) => grantOf('userToken', await userTokenFor(session, await workerUserId(session))),
  mobileToken: async (session) => grantOf('mobileToken', await mobileTokenFor(session, await workerUserId(session))),
};

function obtain(kind: string, session: ProviderSession, environment?: Environment): Promise<TokenGrant> {
  const mint = OBTAIN[kind];
  if (!mint) throw new ConformanceError('BAD_ARGUMENTS', `The Sonar adapter knows the token kinds ${Object.keys(OBTAIN).join(', ')}; "${kind}" is not one of them.`);
  if (environment && environment !== session.target.environment) {
    throw new ConformanceError('BAD_ARGUMENTS', `Sonar has one host for both environments (the key prefix picks one); ask for the ${environment} environment with its key (${SONAR_VARIABLES.liveApiKey}), not a separate instance.`);
  }
  return mint(session);
}

// ---- valid requests ---------------------------------------------------------------------------------------

/** Date ranges are left to their defaults (the past week and today: what a sandbox user is seeded with). */
const DATE_PARAMETERS = new Set(['start_date', 'end_date']);
/**
 * The example cursor was not issued by the server under test (without a cursor the feed starts at its oldest); the
 * example filters (`reference_id` of GET /users, `user_id` of GET /events) name nobody there and would empty the lists.
 */
const UNUSABLE_EXAMPLES = new Set([...DATE_PARAMETERS, 'cursor', 'reference_id', 'user_id']);

/** The providers of the spec's CloudProvider enum (the ones POST /users/{user_id}/devices connects). */
const cloudProviders = (): string[] => (spec().document.components?.schemas?.CloudProvider as { enum: string[] }).enum;

/** A cloud provider the user has no device of yet (a second connection of one is a 409). */
export async function unusedProvider(session: ProviderSession, userId: string): Promise<string> {
  const listed = await session.api.call('listDevices', { pathParams: { user_id: userId }, auth: apiKeyHeaders(session), label: "read the user's devices" });
  const used = new Set(successBody<{ data: { provider: string }[] }>(listed, 200, "list a Sonar user's devices").data.map((d) => d.provider));
  const provider = cloudProviders().find((p) => !used.has(p));
  if (!provider) throw new ConformanceError('REQUEST_REFUSED', `Every cloud provider already has a device of ${userId}; a fresh user is needed to connect a device.`);
  return provider;
}

export interface DeviceConnection {
  id: string;
  provider: string;
  status: string;
  auth_url: string;
}

/** Starts the connection of a cloud provider the user has no device of yet (createDevice, 200, a pending device). */
export async function connectFreshDevice(session: ProviderSession, userId: string): Promise<DeviceConnection> {
  const provider = await unusedProvider(session, userId);
  const res = await session.api.call('createDevice', { pathParams: { user_id: userId }, json: { provider }, auth: apiKeyHeaders(session), label: 'connect a device' });
  return successBody<{ data: DeviceConnection }>(res, 200, 'connect a device to a Sonar user').data;
}

/** Registers a webhook from the spec's example (createWebhook, 201). */
async function createFreshWebhook(session: ProviderSession): Promise<string> {
  refuseProductionWrite(session, 'register a webhook');
  const res = await session.api.call('createWebhook', { json: exampleBody(spec().operation('createWebhook')), auth: apiKeyHeaders(session), label: 'register a webhook' });
  const created = successBody<{ data: { id: string; signing_secret: string } }>(res, 201, 'register a Sonar webhook').data;
  session.redactor.addSecret(created.signing_secret);
  return created.id;
}

type Builder = (session: ProviderSession, op: OperationInfo) => Promise<ValidRequestResult>;

/** The token a data read uses: the worker user's own user token, or the API key on production (no minting there). */
const readerKind = (session: ProviderSession) => (isProduction(session) ? 'apiKey' : 'userToken');

/** A read of the worker user's data with the spec's example query (dates left to their defaults). */
const dataRead: Builder = async (session, op) => ({
  token: readerKind(session),
  pathParams: { user_id: await workerUserId(session) },
  query: exampleQuery(op, UNUSABLE_EXAMPLES),
  expectStatus: documented(op, '200'),
});

/** An API-key call on the worker user, with the spec's example body. */
const mintFor: Builder = async (session, op) => ({ token: 'apiKey', json: { ...(exampleBody(op) as object), user_id: await workerUserId(session) }, expectStatus: documented(op, '200') });

/** An API-key list with the spec's example paging. */
const apiKeyList: Builder = async (_session, op) => ({ token: 'apiKey', query: exampleQuery(op, UNUSABLE_EXAMPLES), expectStatus: documented(op, '200') });

const VALID_REQUESTS: Record<string, Builder> = {
  createUserToken: mintFor,
  refreshUserToken: mintFor,
  createMobileToken: mintFor,
  sdkHandshake: async (session, op) => {
    const mobile = await mobileTokenFor(session, await workerUserId(session));
    return { token: null, headers: authHeaders('mobileToken', mobile.token), json: exampleBody(op), expectStatus: documented(op, '200') };
  },
  listUsers: apiKeyList,
  createUser: async (_session, op) => ({ token: 'apiKey', json: { ...(exampleBody(op) as object), reference_id: freshReferenceId() }, expectStatus: documented(op, '201') }),
  getUser: async (session, op) => ({ token: 'apiKey', pathParams: { user_id: await workerUserId(session) }, expectStatus: documented(op, '200') }),
  updateUser: async (session, op) => ({ token: 'apiKey', pathParams: { user_id: (await createFreshUser(session)).id }, json: exampleBody(op), expectStatus: documented(op, '200') }),
  deleteUser: async (session, op) => ({ token: 'apiKey', pathParams: { user_id: (await createFreshUser(session)).id }, expectStatus: documented(op, '200') }),
  listScores: dataRead,
  getLatestScores: dataRead,
  listDailyMetrics: dataRead,
  listSleep: dataRead,
  listWorkouts: dataRead,
  listTimeseries: dataRead,
  listDevices: dataRead,
  createDevice: async (session, op) => {
    const user = await createFreshUser(session);
    const json = { ...(exampleBody(op) as object), provider: await unusedProvider(session, user.id) };
    return { token: 'apiKey', pathParams: { user_id: user.id }, json, expectStatus: documented(op, '200') };
  },
  deleteDevice: async (session, op) => {
    const user = await createFreshUser(session);
    const device = await connectFreshDevice(session, user.id);
    return { token: 'apiKey', pathParams: { user_id: user.id, device_id: device.id }, expectStatus: documented(op, '204') };
  },
  listEvents: apiKeyList,
  listWebhooks: apiKeyList,
  createWebhook: async (_session, op) => ({ token: 'apiKey', json: exampleBody(op), expectStatus: documented(op, '201') }),
  updateWebhook: async (session, op) => ({ token: 'apiKey', pathParams: { webhook_id: await createFreshWebhook(session) }, json: exampleBody(op), expectStatus: documented(op, '200') }),
  deleteWebhook: async (session, op) => ({ token: 'apiKey', pathParams: { webhook_id: await createFreshWebhook(session) }, expectStatus: documented(op, '204') }),
};

function validRequest(op: OperationInfo, session: ProviderSession): Promise<ValidRequestResult> {
  const build = VALID_REQUESTS[op.operationId];
  if (!build) throw new ConformanceError('SPEC_INVALID', `The Sonar adapter has no valid request for ${op.operationId}. Add one to VALID_REQUESTS in src/adapters/sonar.ts.`);
  return build(session, op);
}

export const adapter: ProviderAdapter = {
  provider: 'sonar',
  credentials: { required: [SONAR_VARIABLES.apiKey], optional: [SONAR_VARIABLES.liveApiKey] },
  verifyKinds: ['apiKey'],
  authHeaders,
  obtain,
  validRequest,
};
