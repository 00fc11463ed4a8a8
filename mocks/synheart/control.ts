/** Provider control actions of the Synheart mock (POST /__control/<name>), and the credentials it prints. */
import type { ControlAction } from '../kernel/types';
import { mintKey } from './initial-state';
import { ENVIRONMENT_TAGS, findKeyById, isoTime, primaryKey, SCOPES, type ApiKeyRecord, type DeviceAuthorization, type EnvironmentTag, type Scope, type SynheartState } from './state';

type Body = Record<string, unknown>;

function requiredText(body: Body, name: string, action: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value.length === 0) throw new Error(`${action} needs {"${name}": "<text>"}; got ${JSON.stringify(body)}.`);
  return value;
}

function positiveInteger(body: Body, name: string, action: string): number {
  const value = body[name];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new Error(`${action} "${name}" must be a positive integer; got ${JSON.stringify(value)}.`);
  return value;
}

function knownApp(state: SynheartState, appId: string, action: string): string {
  if (!state.apps.has(appId)) throw new Error(`${action}: no app ${appId}; known apps are ${[...state.apps.keys()].join(', ')}.`);
  return appId;
}

/** The key named by `key_id` or by its secret `secret_key`. */
function namedKey(state: SynheartState, body: Body, action: string): ApiKeyRecord {
  const key = typeof body.key_id === 'string' ? findKeyById(state, body.key_id) : typeof body.secret_key === 'string' ? state.keys.get(body.secret_key) : undefined;
  if (!key) throw new Error(`${action} needs {"key_id": "key_mock_..."} or {"secret_key": "syn_sk_mock_..."} of an existing key; got ${JSON.stringify(body)}.`);
  return key;
}

/** The device authorization a user code names (case and hyphen forgiven, as a portal would). */
function byUserCode(state: SynheartState, body: Body, action: string): DeviceAuthorization {
  const wanted = requiredText(body, 'user_code', action).toUpperCase().replace(/[^A-Z]/g, '');
  const auth = [...state.devices.values()].find((d) => d.userCode.replace('-', '') === wanted);
  if (!auth) throw new Error(`${action}: no login is waiting for the user code ${String(body.user_code)}.`);
  if (auth.status !== 'pending') throw new Error(`${action}: the login of ${auth.userCode} was already ${auth.status}.`);
  return auth;
}

function scopesOf(body: Body): Scope[] {
  const scopes = body.scopes;
  if (!Array.isArray(scopes) || scopes.length === 0 || !scopes.every((s) => (SCOPES as readonly unknown[]).includes(s))) {
    throw new Error(`createKey "scopes" must be a non-empty list of ${SCOPES.join(', ')}; got ${JSON.stringify(scopes)}.`);
  }
  return [...new Set(scopes as Scope[])];
}

function environmentOf(body: Body): EnvironmentTag {
  const env = body.environment ?? 'development';
  if (!(ENVIRONMENT_TAGS as readonly unknown[]).includes(env)) throw new Error(`createKey "environment" must be one of ${ENVIRONMENT_TAGS.join(', ')}; got ${JSON.stringify(env)}.`);
  return env as EnvironmentTag;
}

const describeKey = (k: ApiKeyRecord) => ({
  key_id: k.keyId,
  app_id: k.appId,
  label: k.label,
  scopes: k.scopes,
  environment: k.environment,
  revoked_at: k.revokedAt === undefined ? null : isoTime(k.revokedAt),
});

const allowlist = (state: SynheartState) => ({ allowlist: [...state.allowlist].sort() });

export const controlActions: Record<string, ControlAction<SynheartState>> = {
  /** Revokes a key at once (SYN-AUTH-3): {key_id} or {secret_key}. */
  revokeKey: (state, body, { clock }) => {
    const key = namedKey(state, body, 'revokeKey');
    key.revokedAt ??= clock.now();
    return describeKey(key);
  },
  /** Issues a new key as the portal would: {scopes, app_id?, environment?, label?}; returns its secrets once. */
  createKey: (state, body, { clock }) => {
    const appId = knownApp(state, typeof body.app_id === 'string' ? body.app_id : primaryKey(state).appId, 'createKey');
    const keyId = `key_mock_${String(state.keys.size + 1).padStart(4, '0')}`;
    const label = typeof body.label === 'string' ? body.label : `Created by control (${keyId})`;
    const key = mintKey(state.random, { keyId, appId, orgId: state.apps.get(appId)!.orgId, label, scopes: scopesOf(body), environment: environmentOf(body) }, clock.now());
    state.keys.set(key.secretKey, key);
    return { ...describeKey(key), secret_key: key.secretKey, signing_secret: key.signingSecret };
  },
  /** Puts an app on the ingestion allowlist: {app_id}. */
  allowApp: (state, body) => {
    state.allowlist.add(knownApp(state, requiredText(body, 'app_id', 'allowApp'), 'allowApp'));
    return allowlist(state);
  },
  /** Takes an app off the ingestion allowlist (SYN-ING-1): {app_id}. */
  disallowApp: (state, body) => {
    state.allowlist.delete(knownApp(state, requiredText(body, 'app_id', 'disallowApp'), 'disallowApp'));
    return allowlist(state);
  },
  /** Replaces the allowlist: {app_ids: [...]}. */
  setAllowlist: (state, body) => {
    const ids = body.app_ids;
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) throw new Error(`setAllowlist needs {"app_ids": ["app_mock_..."]}; got ${JSON.stringify(body)}.`);
    state.allowlist = new Set((ids as string[]).map((id) => knownApp(state, id, 'setAllowlist')));
    return allowlist(state);
  },
  /** Sets the per-key rate limit and starts fresh windows (SYN-RATE-1): {limit, windowSeconds}. */
  setRateLimit: (state, body) => {
    state.rateLimit = { limit: positiveInteger(body, 'limit', 'setRateLimit'), windowSeconds: positiveInteger(body, 'windowSeconds', 'setRateLimit') };
    state.rateWindows.clear();
    return { ...state.rateLimit };
  },
  /** The user approves the CLI login in the portal (SYN-CLI-1): {user_code}. */
  approveDevice: (state, body) => {
    const auth = byUserCode(state, body, 'approveDevice');
    auth.status = 'approved';
    return { user_code: auth.userCode, status: auth.status };
  },
  /** The user denies the CLI login in the portal (SYN-CLI-1): {user_code}. */
  denyDevice: (state, body) => {
    const auth = byUserCode(state, body, 'denyDevice');
    auth.status = 'denied';
    return { user_code: auth.userCode, status: auth.status };
  },
};

/** GET /__control/state: keys (without secrets), the allowlist, the rate limit, data and logins in progress. */
export function summarize(state: SynheartState): unknown {
  const perApp = [...state.apps.keys()].map((appId) => ({ app_id: appId, snapshots: [...state.snapshots.values()].filter((s) => s.appId === appId).length }));
  return {
    keys: [...state.keys.values()].map(describeKey),
    ...allowlist(state),
    rate_limit: { ...state.rateLimit },
    apps: perApp,
    device_logins: [...state.devices.values()].map((d) => ({ user_code: d.userCode, status: d.status, interval: d.interval })),
  };
}

/** What a user of the sandbox target sets (fake values of this instance). */
export function credentials(state: SynheartState): Record<string, string> {
  const main = primaryKey(state);
  const readOnly = findKeyById(state, state.readOnlyKeyId);
  return {
    SYNHEART_API_KEY: main.secretKey,
    SYNHEART_SIGNING_SECRET: main.signingSecret,
    SYNHEART_APP_ID: main.appId,
    ...(readOnly ? { SYNHEART_READ_ONLY_API_KEY: readOnly.secretKey } : {}),
  };
}
