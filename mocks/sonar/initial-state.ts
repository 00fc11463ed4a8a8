/** Fresh state of the Sonar mock, deterministic for a seed: a key per environment, seeded users, a webhook. */
import { recordSeedEvents } from './events';
import { seedUser } from './sample-data';
import { mockId, mulberry32, suffixFrom } from './seed';
import { DEFAULT_RATE_LIMIT, SECOND_MS, type ApiKeyRecord, type Env, type SonarState, type SpecFacts, type UserRecord } from './state';

/** The seeded keys a user of each environment configures (SONAR_API_KEY, SONAR_LIVE_API_KEY). */
const SEEDED_KEYS: Record<Env, string> = { sandbox: 'sk_sandbox_mock_0001', production: 'sk_live_mock_0001' };

const KEY_PREFIX: Record<Env, string> = { sandbox: 'sk_sandbox_', production: 'sk_live_' };

/**
 * Canary personal data of the live (production) user: the redaction audit runs the production target and must find
 * neither value in any artifact (tests/self/redaction-audit.spec.ts).
 */
export const PRODUCTION_HEALTH_CANARIES = { referenceId: 'live-canary-reference-5d21c7e0', timezone: 'Pacific/Chatham' } as const;

/** Sample users: three sandbox users with a seeded week, one live user still calibrating. */
const USER_SEEDS: { environment: Env; referenceId: string; timezone: string }[] = [
  { environment: 'sandbox', referenceId: 'sandbox-customer-0001', timezone: 'Europe/Berlin' },
  { environment: 'sandbox', referenceId: 'sandbox-customer-0002', timezone: 'America/New_York' },
  { environment: 'sandbox', referenceId: 'sandbox-customer-0003', timezone: 'UTC' },
  { environment: 'production', referenceId: PRODUCTION_HEALTH_CANARIES.referenceId, timezone: PRODUCTION_HEALTH_CANARIES.timezone },
];

export function addKey(state: SonarState, env: Env, createdAt: number, value = `${KEY_PREFIX[env]}mock_${suffixFrom(state.random, 16)}`): ApiKeyRecord {
  const key: ApiKeyRecord = { value, environment: env, label: `${env} key`, createdAt };
  state.keys.set(value, key);
  return key;
}

export function newUser(state: SonarState, env: Env, referenceId: string, timezone: string, now: number): UserRecord {
  const user: UserRecord = {
    id: mockId(state.random, 'usr'),
    environment: env,
    referenceId,
    timezone,
    scoreStatus: 'calibrating',
    lastSyncAt: null,
    lastScoreAt: null,
    createdAt: now,
    devices: [],
    data: { scores: [], daily: [], sleep: [], workouts: [], timeseries: [] },
  };
  state.users.set(user.id, user);
  return user;
}

/** Seeds a user's week of data and records the events a real seeding would send. */
export function seedWithEvents(state: SonarState, user: UserRecord, now: number): void {
  seedUser(state.random, user, now);
  recordSeedEvents(state, user, now);
}

/** `given`: SONAR_API_KEY and SONAR_LIVE_API_KEY to seed instead of the generated fake keys. */
export function createSonarState(opts: { seed: number; now: number; facts: SpecFacts; given?: Readonly<Record<string, string>> }): SonarState {
  const { now } = opts;
  const seededKeys: Record<Env, string> = { sandbox: opts.given?.SONAR_API_KEY ?? SEEDED_KEYS.sandbox, production: opts.given?.SONAR_LIVE_API_KEY ?? SEEDED_KEYS.production };
  const state: SonarState = {
    facts: opts.facts,
    random: mulberry32(opts.seed),
    keys: new Map(),
    currentKey: { ...seededKeys },
    users: new Map(),
    userTokens: new Map(),
    mobileTokens: new Map(),
    events: [],
    nextEventSeq: 1,
    webhooks: new Map(),
    rateLimit: { ...DEFAULT_RATE_LIMIT },
    rateWindows: new Map(),
  };
  for (const env of ['sandbox', 'production'] as const) addKey(state, env, now, seededKeys[env]);
  USER_SEEDS.forEach((seed, i) => {
    const user = newUser(state, seed.environment, seed.referenceId, seed.timezone, now - (USER_SEEDS.length - i) * 60 * SECOND_MS);
    if (seed.environment === 'sandbox') {
      seedWithEvents(state, user, now);
      // Users that were there before the run have synced and been scored since (a new user has neither yet).
      user.lastSyncAt = now;
      user.lastScoreAt = now;
    }
  });
  state.webhooks.set('whk_mock_0001', {
    id: 'whk_mock_0001',
    environment: 'sandbox',
    url: 'https://example.com/hooks/sonar',
    events: ['score.updated', 'device.disconnected'],
    status: 'active',
    createdAt: now - 60 * SECOND_MS,
    lastDeliveryAt: null,
    signingSecret: `whsec_mock_${suffixFrom(state.random, 24)}`,
  });
  return state;
}
