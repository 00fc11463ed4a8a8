/**
 * The Sahha adapter: how each token kind of the spec (`account`, `profile`, `appId`/`appSecret`) is obtained,
 * which credentials a run needs, and a valid request for every operation of specs/sahha.openapi.yaml.
 *
 * Tokens are minted through the API by operationId: an account token from the client credentials
 * (getAccountToken), a profile token for the sample profile from the account token (getProfileToken).
 * Writes go to a fresh profile registered for the purpose, so that no run changes the sample profile.
 */
import { randomUUID } from 'node:crypto';
import { ConformanceError } from '../errors';
import { loadSpecSync, resolveRef, type OperationInfo } from '../openapi';
import type { Environment } from '../targets';
import type { ApiResult } from '../targets/api';
import type { ProviderAdapter, ProviderSession, TokenGrant, UnfitCredential, ValidRequest, ValidRequestResult } from './types';
import { documented, exampleBody, exampleQuery } from './spec-examples';

/** The credential variables (the names the mock's `credentials(state)` prints). */
export const SAHHA_VARIABLES = {
  clientId: 'SAHHA_CLIENT_ID',
  clientSecret: 'SAHHA_CLIENT_SECRET',
  appId: 'SAHHA_APP_ID',
  appSecret: 'SAHHA_APP_SECRET',
  externalId: 'SAHHA_EXTERNAL_ID',
} as const;

/** The window a data read asks for, ending when the profile last sent data (the spec's default is 7 days). */
const WINDOW_DAYS = 7;
const DAY_MS = 86_400_000;
const SECOND_MS = 1000;

const spec = () => loadSpecSync('sahha');

// ---- credentials and headers ------------------------------------------------------------------------------

/** The credential variables of the environment a call goes to (the mock target runs both environments). */
export function credentialsOf(session: ProviderSession, environment?: Environment): Record<string, string> {
  if (!environment || environment === session.target.environment) return session.target.credentials;
  const creds = session.target.credentialsByEnvironment?.[environment];
  if (!creds) throw new ConformanceError('BAD_ARGUMENTS', `The ${session.target.target} target has no ${environment} instance of Sahha; only the mock target runs both environments.`);
  return creds;
}

function requireVariable(session: ProviderSession, name: string, environment?: Environment): string {
  const value = credentialsOf(session, environment)[name];
  if (!value) throw new ConformanceError('CREDENTIALS_MISSING', `${name} is not set for the Sahha ${environment ?? session.target.environment} environment. Set it in the environment or in .env (see .env.example; "npx conformance init" writes one).`);
  return value;
}

export function clientCredentials(session: ProviderSession, environment?: Environment): { clientId: string; clientSecret: string } {
  return { clientId: requireVariable(session, SAHHA_VARIABLES.clientId, environment), clientSecret: requireVariable(session, SAHHA_VARIABLES.clientSecret, environment) };
}

/** The AppId/AppSecret pair, or undefined when the run was given none (they are optional). */
export function appCredentials(session: ProviderSession, environment?: Environment): { appId: string; appSecret: string } | undefined {
  const creds = credentialsOf(session, environment);
  const appId = creds[SAHHA_VARIABLES.appId];
  const appSecret = creds[SAHHA_VARIABLES.appSecret];
  return appId && appSecret ? { appId, appSecret } : undefined;
}

/** Where a security scheme's credential travels (`Authorization`, `AppId`) and the word before it (`account`). */
export function schemeSlot(scheme: string): { header: string; word?: string } {
  const def = resolveRef<Record<string, unknown> | undefined>(spec().document, spec().document.components?.securitySchemes?.[scheme]);
  if (def?.type !== 'apiKey' || def.in !== 'header' || typeof def.name !== 'string') {
    throw new ConformanceError('SPEC_INVALID', `The sahha spec has no header security scheme "${scheme}" (components.securitySchemes); the adapter cannot send that credential.`);
  }
  const word = def['x-scheme-word'];
  return { header: def.name, word: typeof word === 'string' ? word : undefined };
}

function authHeaders(scheme: string, value: string): Record<string, string> {
  const { header, word } = schemeSlot(scheme);
  return { [header]: word ? `${word} ${value}` : value };
}

// ---- token kinds ------------------------------------------------------------------------------------------

export interface ProfileGrant {
  profileToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: string;
}

/** Throws a could-not-run error naming the call and its status unless it answered `status` (with a JSON object when `json`). */
function ensureAnswer(res: ApiResult, status: number, what: string, fix: string, json: boolean): void {
  const bodyOk = !json || (typeof res.json === 'object' && res.json !== null);
  if (res.status === status && bodyOk) return;
  throw new ConformanceError('UNEXPECTED_ANSWER', `Could not ${what}: ${res.op.operationId} answered ${res.status} (expected ${status}${json ? ' with a JSON body' : ''}). ${fix}`.trim());
}

/** The JSON object body of a successful answer. */
function successBody<T>(res: ApiResult, status: number, what: string, fix: string): T {
  ensureAnswer(res, status, what, fix, true);
  return res.json as T;
}

const expiresAt = (expiresIn: unknown) => (typeof expiresIn === 'number' ? Date.now() + expiresIn * SECOND_MS : undefined);

async function mintAccountToken(session: ProviderSession, environment?: Environment): Promise<TokenGrant> {
  const res = await session.api.call('getAccountToken', { json: clientCredentials(session, environment), environment, label: 'obtain an account token' });
  if (res.status === 401) {
    throw new ConformanceError('CREDENTIALS_INVALID', `Sahha rejected the client credentials of the ${environment ?? session.target.environment} environment (401). Check ${SAHHA_VARIABLES.clientId} and ${SAHHA_VARIABLES.clientSecret}.`);
  }
  const body = successBody<{ accountToken: string; expiresIn: number }>(res, 200, 'obtain a Sahha account token', `Check ${SAHHA_VARIABLES.clientId} and ${SAHHA_VARIABLES.clientSecret}.`);
  session.redactor.addSecret(body.accountToken);
  return { kind: 'account', value: body.accountToken, expiresAt: expiresAt(body.expiresIn) };
}

/** Registers every secret of a profile grant with the redactor. */
function keepSecret(session: ProviderSession, grant: ProfileGrant): ProfileGrant {
  session.redactor.addSecret(grant.profileToken);
  session.redactor.addSecret(grant.refreshToken);
  return grant;
}

/** A new profile token (and refresh token) for an existing profile of the account (getProfileToken). */
export async function profileTokenFor(session: ProviderSession, externalId: string, environment?: Environment): Promise<ProfileGrant> {
  const account = await session.tokens.get('account', environment);
  const res = await session.api.call('getProfileToken', { json: { externalId }, auth: authHeaders('account', account.value), environment, label: 'obtain a profile token' });
  return keepSecret(session, successBody<ProfileGrant>(res, 200, 'obtain a Sahha profile token', `Check that the account has a profile "${externalId}" (${SAHHA_VARIABLES.externalId}).`));
}

async function mintProfileToken(session: ProviderSession, environment?: Environment): Promise<TokenGrant> {
  const externalId = await sampleExternalId(session, environment);
  const grant = await profileTokenFor(session, externalId, environment);
  return { kind: 'profile', value: grant.profileToken, expiresAt: expiresAt(grant.expiresIn), extra: { refreshToken: grant.refreshToken, externalId } };
}

/** The AppId and AppSecret are configured credentials, not minted. */
function configured(kind: 'appId' | 'appSecret') {
  return async (session: ProviderSession, environment?: Environment): Promise<TokenGrant> => ({ kind, value: requireVariable(session, SAHHA_VARIABLES[kind], environment) });
}

const OBTAIN: Record<string, (session: ProviderSession, environment?: Environment) => Promise<TokenGrant>> = {
  account: mintAccountToken,
  profile: mintProfileToken,
  appId: configured('appId'),
  appSecret: configured('appSecret'),
};

function obtain(kind: string, session: ProviderSession, environment?: Environment): Promise<TokenGrant> {
  const mint = OBTAIN[kind];
  if (!mint) throw new ConformanceError('BAD_ARGUMENTS', `The Sahha adapter knows the token kinds ${Object.keys(OBTAIN).join(', ')}; "${kind}" is not one of them.`);
  return mint(session, environment);
}

// ---- profiles the requests are about ----------------------------------------------------------------------

/** An externalId nobody registered yet (unique per call, so runs and workers never collide). */
export function freshExternalId(): string {
  return `conformance-${randomUUID()}`;
}

/** Registers a new profile with the account token (registerProfile, 201) and returns its tokens. */
export async function registerFreshProfile(session: ProviderSession, environment?: Environment): Promise<ProfileGrant & { externalId: string }> {
  const externalId = freshExternalId();
  const account = await session.tokens.get('account', environment);
  const res = await session.api.call('registerProfile', { json: { externalId }, auth: authHeaders('account', account.value), environment, label: 'register a fresh profile' });
  const grant = keepSecret(session, successBody<ProfileGrant>(res, 201, 'register a fresh Sahha profile', 'Profile registration needs a sandbox (or the mock).'));
  return { ...grant, externalId };
}

type Profile = { externalId: string; isSampleProfile: boolean; dataLastReceivedAtUtc: string | null };

/** A sample profile with data, found by search when SAHHA_EXTERNAL_ID is not set. */
async function findSampleProfile(session: ProviderSession, environment?: Environment): Promise<string> {
  const account = await session.tokens.get('account', environment);
  const res = await session.api.call('searchProfiles', { query: { pageSize: 100 }, auth: authHeaders('account', account.value), environment, label: 'find a sample profile' });
  const page = successBody<{ items: Profile[] }>(res, 200, 'search the Sahha profiles', `Set ${SAHHA_VARIABLES.externalId}.`);
  const sample = page.items.find((p) => p.isSampleProfile && p.dataLastReceivedAtUtc !== null);
  if (!sample) throw new ConformanceError('CREDENTIALS_MISSING', `The Sahha account has no sample profile with data; set ${SAHHA_VARIABLES.externalId} to the externalId of a profile that has data.`);
  return sample.externalId;
}

/**
 * The externalId of the profile with data the reads are about (SAHHA_EXTERNAL_ID, else a sample profile found once,
 * per worker on the mock target and once per worker slot for the run elsewhere: the run store).
 */
export function sampleExternalId(session: ProviderSession, environment?: Environment): Promise<string> {
  const configuredId = credentialsOf(session, environment)[SAHHA_VARIABLES.externalId];
  if (configuredId) return Promise.resolve(configuredId);
  return session.store.get(`sahha:sample-profile@${environment ?? session.target.environment}`, () => findSampleProfile(session, environment));
}

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The days (7 by default) up to the moment the profile last sent data: a window that holds data on any target. */
export async function dataWindow(session: ProviderSession, externalId: string, opts: { days?: number; environment?: Environment } = {}): Promise<{ startDateTime: string; endDateTime: string }> {
  const { days = WINDOW_DAYS, environment } = opts;
  const account = await session.tokens.get('account', environment);
  const res = await session.api.call('getProfileByExternalId', { pathParams: { externalId }, auth: authHeaders('account', account.value), environment, label: 'read when the profile last sent data' });
  const profile = successBody<Profile>(res, 200, `read the Sahha profile "${externalId}"`, `Check ${SAHHA_VARIABLES.externalId}.`);
  const last = profile.dataLastReceivedAtUtc ? Date.parse(profile.dataLastReceivedAtUtc) : Date.now();
  return { startDateTime: isoSeconds(last - days * DAY_MS), endDateTime: isoSeconds(last) };
}

// ---- valid requests ---------------------------------------------------------------------------------------

const DATE_PARAMETERS = new Set(['startDateTime', 'endDateTime']);

const isProduction = (session: ProviderSession) => session.target.target === 'production';

/**
 * A fresh profile's token as an `Authorization` header. The per-worker token cache holds the sample profile's
 * token, so a request on a fresh profile carries its credential in `headers` (and names no cached kind).
 */
async function freshProfileHeaders(session: ProviderSession): Promise<Record<string, string>> {
  return authHeaders('profile', (await registerFreshProfile(session)).profileToken);
}

type Builder = (session: ProviderSession, op: OperationInfo) => Promise<ValidRequestResult>;

/** A write to the token's own profile, on a fresh profile (never the sample): the spec's example body. */
function ownProfileWrite(status: string, body: (op: OperationInfo) => unknown = exampleBody): Builder {
  return async (session, op) => ({ token: null, headers: await freshProfileHeaders(session), json: body(op), expectStatus: documented(op, status) });
}

/**
 * A read of the token's own profile metadata. Off production, a fresh profile is given the data first by the
 * write operation `setup` (with its spec example), so the read reaches 200; production reads the sample profile.
 */
function ownProfileRead(setup: string): Builder {
  return async (session, op) => {
    if (isProduction(session)) return { token: 'profile', expectStatus: documented(op, '200') };
    const headers = await freshProfileHeaders(session);
    const res = await session.api.call(setup, { headers, json: exampleBody(spec().operation(setup)), label: `give a fresh profile data to read (${setup})` });
    ensureAnswer(res, 204, `store the example of ${setup} for a fresh profile`, '', false);
    return { token: null, headers, expectStatus: documented(op, '200') };
  };
}

/** A data read of the sample profile, by profile token or (account token) by externalId, over a window with data. */
function dataRead(token: 'account' | 'profile'): Builder {
  return async (session, op) => {
    const externalId = await sampleExternalId(session);
    const query = { ...exampleQuery(op, DATE_PARAMETERS), ...(await dataWindow(session, externalId)) };
    const pathParams = token === 'account' ? { externalId } : undefined;
    return { token, pathParams, query, expectStatus: documented(op, '200') };
  };
}

/** A data log from the spec's example with a new id, so that repeated runs add logs instead of replacing one. */
function exampleDataLogs(op: OperationInfo): unknown {
  const logs = exampleBody(op) as Record<string, unknown>[];
  return logs.map((log) => ({ ...log, id: randomUUID() }));
}

/** A Garmin connection started for a fresh profile: the consent URL's request token and state, as Garmin echoes them back. */
async function startedGarminConnection(session: ProviderSession): Promise<{ oauth_token: string; oauth_verifier: string; state: string }> {
  const headers = await freshProfileHeaders(session);
  const res = await session.api.call('connectGarmin', { headers, label: 'start a Garmin connection for a fresh profile' });
  const { url } = successBody<{ url: string }>(res, 200, 'start a Garmin connection', '');
  const params = new URL(url).searchParams;
  return { oauth_token: params.get('oauth_token') ?? '', oauth_verifier: 'mock-garmin-verifier', state: params.get('state') ?? '' };
}

const VALID_REQUESTS: Record<string, Builder> = {
  getAccountToken: async (session, op) => ({ token: null, json: clientCredentials(session), expectStatus: documented(op, '200') }),
  registerProfile: async (_session, op) => ({ token: 'account', json: { externalId: freshExternalId() }, expectStatus: documented(op, '201') }),
  registerProfileWithAppId: async (session, op) => {
    const app = appCredentials(session);
    if (!app) return { skip: `registerProfileWithAppId needs ${SAHHA_VARIABLES.appId} and ${SAHHA_VARIABLES.appSecret}, which are not set for this run.` };
    return { token: 'appId', headers: authHeaders('appSecret', app.appSecret), json: { externalId: freshExternalId() }, expectStatus: documented(op, '201') };
  },
  getProfileToken: async (session, op) => ({ token: 'account', json: { externalId: await sampleExternalId(session) }, expectStatus: documented(op, '200') }),
  refreshProfileToken: async (session, op) => {
    const grant = await session.tokens.get('profile');
    return { token: 'profile', json: { refreshToken: grant.extra?.refreshToken }, expectStatus: documented(op, '200') };
  },
  searchProfiles: async (_session, op) => ({ token: 'account', query: exampleQuery(op, DATE_PARAMETERS), expectStatus: documented(op, '200') }),
  getProfileByExternalId: async (session, op) => ({ token: 'account', pathParams: { externalId: await sampleExternalId(session) }, expectStatus: documented(op, '200') }),
  deleteProfiles: async (session, op) => {
    const { externalId } = await registerFreshProfile(session);
    return { token: 'account', json: { externalIds: [externalId] }, expectStatus: documented(op, '200') };
  },
  postDataLogs: ownProfileWrite('200', exampleDataLogs),
  replaceDemographic: ownProfileWrite('204'),
  updateDemographic: ownProfileWrite('204'),
  putDeviceInformation: ownProfileWrite('204'),
  getDemographic: ownProfileRead('replaceDemographic'),
  getDeviceInformation: ownProfileRead('putDeviceInformation'),
  getScores: dataRead('profile'),
  getScoresByExternalId: dataRead('account'),
  getBiomarkers: dataRead('profile'),
  getBiomarkersByExternalId: dataRead('account'),
  getArchetypes: dataRead('profile'),
  getArchetypesByExternalId: dataRead('account'),
  getTrends: dataRead('profile'),
  getTrendsByExternalId: dataRead('account'),
  getComparisons: dataRead('profile'),
  getComparisonsByExternalId: dataRead('account'),
  getProfile: async (_session, op) => ({ token: 'profile', expectStatus: documented(op, '200') }),
  getIntegrations: async (_session, op) => ({ token: 'profile', expectStatus: documented(op, '200') }),
  getIntegrationsByExternalId: async (session, op) => ({ token: 'account', pathParams: { externalId: await sampleExternalId(session) }, expectStatus: documented(op, '200') }),
  connectGarmin: ownProfileWrite('200', () => undefined),
  garminCallback: async (session, op) => ({ token: null, query: await startedGarminConnection(session), expectStatus: documented(op, '200') }),
  // At the host root (the path-level servers of the spec): the API client and the mock address it there.
  getVersion: async (_session, op) => ({ token: null, expectStatus: documented(op, '200') }),
};

function validRequest(op: OperationInfo, session: ProviderSession): Promise<ValidRequestResult> {
  const build = VALID_REQUESTS[op.operationId];
  if (!build) throw new ConformanceError('SPEC_INVALID', `The Sahha adapter has no valid request for ${op.operationId}. Add one to VALID_REQUESTS in src/adapters/sahha.ts.`);
  return build(session, op);
}

/**
 * A profile token of a profile deleted through the API (registerProfile, then deleteProfiles): the profile scheme
 * says such a token is answered 410. Sahha keys carry no scopes.
 */
async function unfitCredential(want: UnfitCredential, session: ProviderSession): Promise<TokenGrant | { skip: string }> {
  if (want.kind !== 'deleted-subject' || want.scheme !== 'profile') return { skip: `Sahha has no ${want.scheme} credential that is unfit by ${want.kind}.` };
  if (isProduction(session)) return { skip: 'A profile of a deleted subject needs a profile to be registered and deleted; the production target is read-only.' };
  const fresh = await registerFreshProfile(session);
  const account = await session.tokens.get('account');
  const res = await session.api.call('deleteProfiles', { json: { externalIds: [fresh.externalId] }, auth: authHeaders('account', account.value), label: 'delete a fresh profile (its token is then gone)' });
  ensureAnswer(res, 200, 'delete a fresh Sahha profile', '', true);
  return { kind: 'profile', value: fresh.profileToken, extra: { refreshToken: fresh.refreshToken, externalId: fresh.externalId } };
}

export const adapter: ProviderAdapter = {
  provider: 'sahha',
  unfitCredential,
  credentials: {
    required: [SAHHA_VARIABLES.clientId, SAHHA_VARIABLES.clientSecret],
    optional: [SAHHA_VARIABLES.appId, SAHHA_VARIABLES.appSecret, SAHHA_VARIABLES.externalId],
  },
  verifyKinds: ['account'],
  authHeaders,
  obtain,
  validRequest,
};
