/** Fresh state of the Synheart mock, deterministic for a seed: one organization, two apps, their keys and data. */
import { mulberry32, snapshotIdFrom, suffixFrom } from './seed';
import { observationTimes, researchConsentProfiles, SAMPLE_METADATA, sampleSnapshot, SEEDED_DAYS, wellnessConsentProfiles } from './sample-data';
import {
  DEFAULT_RATE_LIMIT,
  SECOND_MS,
  type ApiKeyRecord,
  type AppRecord,
  type EnvironmentTag,
  type Scope,
  type SpecFacts,
  type SynheartState,
} from './state';

const ORG_ID = 'org_mock_0001';
/** On the ingestion allowlist from the start. */
const WELLNESS_APP_ID = 'app_mock_0001';
/** Not on the allowlist: its keys read but cannot ingest (SYN-ING-1). */
const RESEARCH_APP_ID = 'app_mock_0002';

export interface KeySeed {
  keyId: string;
  appId: string;
  label: string;
  scopes: Scope[];
  environment: EnvironmentTag;
}

/** The seeded keys: the same scopes under different tags (SYN-ENV-1), read-only, write-only, full CRUD and admin. */
const KEY_SEEDS: KeySeed[] = [
  { keyId: 'key_mock_0001', appId: WELLNESS_APP_ID, label: 'Backend (production)', scopes: ['read', 'write'], environment: 'production' },
  { keyId: 'key_mock_0002', appId: WELLNESS_APP_ID, label: 'Backend (development)', scopes: ['read', 'write'], environment: 'development' },
  { keyId: 'key_mock_0003', appId: WELLNESS_APP_ID, label: 'Analytics (read only)', scopes: ['read'], environment: 'production' },
  { keyId: 'key_mock_0004', appId: WELLNESS_APP_ID, label: 'Operations (full CRUD)', scopes: ['read', 'write', 'delete'], environment: 'staging' },
  { keyId: 'key_mock_0005', appId: WELLNESS_APP_ID, label: 'Admin', scopes: ['admin'], environment: 'testing' },
  { keyId: 'key_mock_0006', appId: WELLNESS_APP_ID, label: 'Ingest worker (write only)', scopes: ['write'], environment: 'other' },
  { keyId: 'key_mock_0007', appId: RESEARCH_APP_ID, label: 'Research backend', scopes: ['read', 'write'], environment: 'production' },
];

/** Sample users per app, each with a few days of snapshots at its own minute past the hour. */
const USER_SEEDS = [
  { appId: WELLNESS_APP_ID, userId: 'user-0001', offsetMinutes: 7 },
  { appId: WELLNESS_APP_ID, userId: 'user-0002', offsetMinutes: 23 },
  { appId: RESEARCH_APP_ID, userId: 'participant-0001', offsetMinutes: 41 },
];

function sampleApps(wellnessAppId: string): AppRecord[] {
  const common = { orgId: ORG_ID, tenantId: 'tenant_mock_0001', projectId: 'project_mock_0001' };
  return [
    { ...common, appId: wellnessAppId, name: 'Mock Wellness', consentProfiles: wellnessConsentProfiles() },
    { ...common, appId: RESEARCH_APP_ID, name: 'Mock Research', consentProfiles: researchConsentProfiles() },
  ];
}

/** A key record with fresh fake secrets (`syn_sk_mock_...`, `syn_ss_mock_...`). */
export function mintKey(random: () => number, seed: KeySeed & { orgId: string }, now: number): ApiKeyRecord {
  return {
    ...seed,
    secretKey: `syn_sk_mock_${suffixFrom(random, 20)}`,
    signingSecret: `syn_ss_mock_${suffixFrom(random, 32)}`,
    createdAt: now,
  };
}

function seedSnapshots(state: SynheartState, now: number, appIdOf: (seeded: string) => string): void {
  for (const user of USER_SEEDS) {
    for (const observedAt of observationTimes(now, SEEDED_DAYS, user.offsetMinutes)) {
      const snapshotId = snapshotIdFrom(state.random);
      state.snapshots.set(snapshotId, {
        snapshotId,
        appId: appIdOf(user.appId),
        userId: user.userId,
        receivedAt: observedAt + 3 * SECOND_MS,
        observedAt,
        metadata: { ...SAMPLE_METADATA },
        snapshot: sampleSnapshot(state.random, observedAt),
      });
    }
  }
}

/**
 * `given`: credentials to use instead of the generated ones, by the names `credentials()` prints: the primary key's
 * secret and signing secret, the read-only key's secret, and the id of the app they belong to.
 */
export function createSynheartState(opts: { seed: number; now: number; environment: string; spec: SpecFacts; given?: Readonly<Record<string, string>> }): SynheartState {
  const given = opts.given ?? {};
  const random = mulberry32(opts.seed);
  const wellnessAppId = given.SYNHEART_APP_ID ?? WELLNESS_APP_ID;
  const appIdOf = (seeded: string): string => (seeded === WELLNESS_APP_ID ? wellnessAppId : seeded);
  const state: SynheartState = {
    environment: opts.environment,
    spec: opts.spec,
    apps: new Map(sampleApps(wellnessAppId).map((a) => [a.appId, a])),
    keys: new Map(),
    allowlist: new Set([wellnessAppId]),
    snapshots: new Map(),
    nonces: new Map(),
    rateLimit: { ...DEFAULT_RATE_LIMIT },
    rateWindows: new Map(),
    devices: new Map(),
    random,
    primaryKeyId: 'key_mock_0001',
    readOnlyKeyId: 'key_mock_0003',
  };
  for (const seed of KEY_SEEDS) {
    const key = mintKey(random, { ...seed, appId: appIdOf(seed.appId), orgId: ORG_ID }, opts.now);
    // Drawn either way, so that a given key leaves every other value of the seed as it was.
    if (key.keyId === state.primaryKeyId) {
      key.secretKey = given.SYNHEART_API_KEY ?? key.secretKey;
      key.signingSecret = given.SYNHEART_SIGNING_SECRET ?? key.signingSecret;
    }
    if (key.keyId === state.readOnlyKeyId) key.secretKey = given.SYNHEART_READ_ONLY_API_KEY ?? key.secretKey;
    state.keys.set(key.secretKey, key);
  }
  seedSnapshots(state, opts.now, appIdOf);
  return state;
}
