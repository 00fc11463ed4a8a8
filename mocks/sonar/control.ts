/** Provider control actions of the Sonar mock (POST /__control/<name>), the credentials it prints and its summary. */
import type { ControlAction } from '../kernel/types';
import { currentKey } from './auth';
import { activate } from './handlers/devices';
import { addKey } from './initial-state';
import { DAY_MS, ENVIRONMENTS, isoTime, usersOf, type ApiKeyRecord, type Env, type SonarState } from './state';

type Body = Record<string, unknown>;

/** "sandbox", "production" or its alias "live" (the key prefix's word); sandbox when absent. */
function environmentOf(body: Body, action: string): Env {
  const value = body.environment ?? 'sandbox';
  if (value === 'live') return 'production';
  if (value === 'sandbox' || value === 'production') return value;
  throw new Error(`${action} "environment" must be "sandbox", "production" or "live"; got ${JSON.stringify(value)}.`);
}

function nonNegative(body: Body, name: string, action: string): number {
  const value = body[name] ?? 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error(`${action} "${name}" must be a number >= 0; got ${JSON.stringify(value)}.`);
  return value;
}

function positiveInteger(body: Body, name: string, action: string): number {
  const value = body[name];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new Error(`${action} "${name}" must be a positive integer; got ${JSON.stringify(value)}.`);
  return value;
}

const describeKey = (k: ApiKeyRecord) => ({
  key: k.value,
  environment: k.environment,
  created_at: isoTime(k.createdAt),
  revoked_at: k.revokedAt === undefined ? null : isoTime(k.revokedAt),
});

export const controlActions: Record<string, ControlAction<SonarState>> = {
  /** Rotates the current key of an environment as the dashboard does: a new key, the old one revoked at once (SON-TOK-7). */
  rotateKey: (state, body, { clock }) => {
    const env = environmentOf(body, 'rotateKey');
    const old = currentKey(state, env);
    const now = clock.now();
    old.revokedAt = now;
    const fresh = addKey(state, env, now);
    state.currentKey[env] = fresh.value;
    return { ...describeKey(fresh), revoked: old.value };
  },
  /** Issues another key of an environment, optionally already `age_days` old (the 90-day rule, SON-TOK-7). */
  createKey: (state, body, { clock }) => {
    const env = environmentOf(body, 'createKey');
    return describeKey(addKey(state, env, clock.now() - nonNegative(body, 'age_days', 'createKey') * DAY_MS));
  },
  /** Every key with its environment, creation and revocation. */
  keys: (state) => ({ keys: [...state.keys.values()].map(describeKey) }),
  /**
   * Completes the provider OAuth of a pending cloud device, as the user's authorisation at its auth_url would:
   * {user_id, device_id}; the device turns active (device.connected).
   */
  completeDeviceOAuth: (state, body, { clock }) => {
    const user = state.users.get(String(body.user_id));
    if (!user) throw new Error(`completeDeviceOAuth "user_id" must name a user of this mock; got ${JSON.stringify(body.user_id)}.`);
    const device = user.devices.find((d) => d.id === body.device_id);
    if (!device) throw new Error(`completeDeviceOAuth "device_id" must name a device of ${user.id}; got ${JSON.stringify(body.device_id)}.`);
    if (device.status !== 'pending') throw new Error(`completeDeviceOAuth: the device ${device.id} is ${device.status}, not pending.`);
    activate(state, user, device, clock.now());
    return { device_id: device.id, status: device.status };
  },
  /** Sets the per-credential rate limit and starts fresh windows: {limit, windowSeconds}. */
  setRateLimit: (state, body) => {
    state.rateLimit = { limit: positiveInteger(body, 'limit', 'setRateLimit'), windowSeconds: positiveInteger(body, 'windowSeconds', 'setRateLimit') };
    state.rateWindows.clear();
    return { ...state.rateLimit };
  },
};

/** What a user of the targets sets (fake values of this instance): the sandbox key, and the live key for SON-ENV-2. */
export function credentials(state: SonarState): Record<string, string> {
  return { SONAR_API_KEY: state.currentKey.sandbox, SONAR_LIVE_API_KEY: state.currentKey.production };
}

/** Counts per environment, for GET /__control/state. */
export function summarize(state: SonarState): unknown {
  return Object.fromEntries(
    ENVIRONMENTS.map((env) => [
      env,
      {
        users: usersOf(state, env).length,
        events: state.events.filter((e) => e.environment === env).length,
        webhooks: [...state.webhooks.values()].filter((w) => w.environment === env).length,
      },
    ]),
  );
}
