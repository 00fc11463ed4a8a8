/** The initial state of an instance: the project's credentials and its sample profiles with several weeks of data. */
import type { Clock } from '../kernel/types';
import { generateProfileData, plantProductionCanaries, SEEDED_DAYS } from './sample-data';
import { mulberry32, uuidFrom } from './seed';
import { credentialsFor, DAY_MS, type Credentials, emptyProfileData, isoTime, startOfDay, type Environment, type ProfileData, type ProfileRecord, type SahhaState, type SpecFacts } from './state';

/** The sample profiles every instance starts with: two with data, one registered but without any. */
const SAMPLE_PROFILES: { externalId: string; withData: boolean }[] = [
  { externalId: 'sample-profile-001', withData: true },
  { externalId: 'sample-profile-002', withData: true },
  { externalId: 'sample-profile-new', withData: false },
];

interface NewProfile {
  externalId: string;
  isSampleProfile: boolean;
  data?: ProfileData;
  createdAtMs: number;
}

export function makeProfile(state: Pick<SahhaState, 'random'>, p: NewProfile): ProfileRecord {
  return {
    profileId: uuidFrom(state.random),
    externalId: p.externalId,
    createdAtUtc: isoTime(p.createdAtMs),
    isSampleProfile: p.isSampleProfile,
    dataLastReceivedAtUtc: null,
    data: p.data ?? emptyProfileData(),
    demographic: {},
    dataLogs: new Map(),
    removed: false,
    integrations: [],
  };
}

/** Adds a profile with `days` days of generated data ending yesterday (the control action `seed-profile`). */
export function addSeededProfile(state: SahhaState, externalId: string, now: number, days = SEEDED_DAYS): ProfileRecord {
  const data = days > 0 ? generateProfileData(state.random, now, days) : emptyProfileData();
  const profile = makeProfile(state, { externalId, isSampleProfile: true, data, createdAtMs: now - (days + 1) * DAY_MS });
  if (days > 0) profile.dataLastReceivedAtUtc = isoTime(startOfDay(now) - DAY_MS / 4);
  state.profiles.set(externalId, profile);
  return profile;
}

/** The client and app credentials of an instance: the generated fake ones, or those given by their variable names. */
function credentialsOf(environment: Environment, given: Readonly<Record<string, string>>): Credentials {
  const generated = credentialsFor(environment);
  return {
    clientId: given.SAHHA_CLIENT_ID ?? generated.clientId,
    clientSecret: given.SAHHA_CLIENT_SECRET ?? generated.clientSecret,
    appId: given.SAHHA_APP_ID ?? generated.appId,
    appSecret: given.SAHHA_APP_SECRET ?? generated.appSecret,
  };
}

/**
 * `given`: credentials to use instead of the generated ones, by the names `credentials()` prints; SAHHA_EXTERNAL_ID
 * renames the first sample profile.
 */
export function createSahhaState(opts: { seed: number; clock: Clock; environment: Environment; spec: SpecFacts; given?: Readonly<Record<string, string>> }): SahhaState {
  const given = opts.given ?? {};
  const random = mulberry32(opts.seed ^ (opts.environment === 'production' ? 0x5eed : 0));
  const sampleId = (externalId: string): string => (externalId === SAMPLE_PROFILES[0]!.externalId ? (given.SAHHA_EXTERNAL_ID ?? externalId) : externalId);
  const state: SahhaState = {
    environment: opts.environment,
    spec: opts.spec,
    accountId: uuidFrom(random),
    credentials: credentialsOf(opts.environment, given),
    profiles: new Map(),
    tokens: new Map(),
    refreshTokens: new Map(),
    pendingConnections: new Map(),
    random,
    issued: 0,
    sampleExternalId: sampleId(SAMPLE_PROFILES[0]!.externalId),
  };
  const now = opts.clock.now();
  for (const sample of SAMPLE_PROFILES) {
    const externalId = sampleId(sample.externalId);
    if (sample.withData) addSeededProfile(state, externalId, now);
    else state.profiles.set(externalId, makeProfile(state, { externalId, isSampleProfile: false, createdAtMs: now - 2 * DAY_MS }));
  }
  for (const [externalId, demographic] of Object.entries(SAMPLE_DEMOGRAPHICS)) {
    const profile = state.profiles.get(sampleId(externalId));
    if (profile) profile.demographic = { ...demographic };
  }
  const first = state.profiles.get(state.sampleExternalId);
  if (first) {
    first.deviceInformation = { ...SAMPLE_DEVICE };
    first.integrations = [{ integrationName: 'garmin', status: 'connected', connectedAtUtc: isoTime(now - 10 * DAY_MS) }];
  }
  const second = state.profiles.get(sampleId(SAMPLE_PROFILES[1]!.externalId));
  if (second) second.deviceInformation = { ...SECOND_DEVICE };
  // Real people's data stands in the production instance: canaries the redaction audit must never find in an artifact.
  if (first && opts.environment === 'production') plantProductionCanaries(first);
  return state;
}

const SAMPLE_DEMOGRAPHICS: Record<string, Record<string, unknown>> = {
  'sample-profile-001': { age: 34, gender: 'female', country: 'NZ', birthDate: '1990-04-12', occupation: 'nurse' },
  'sample-profile-002': { age: 51, gender: 'male', country: 'AU' },
};

/** What the Android SDK stores: a zero UTC offset written as "Z" (ZoneOffset.toString()). */
const SECOND_DEVICE = {
  deviceId: 'mock-device-0002',
  sdkId: 'android_kotlin',
  sdkVersion: '1.3.1',
  appId: 'com.example.mock-wellness',
  deviceType: 'Pixel',
  deviceModel: 'Pixel 8',
  system: 'Android',
  systemVersion: '14',
  timeZone: 'Z',
};

const SAMPLE_DEVICE = {
  deviceId: 'mock-device-0001',
  sdkId: 'ios_swift',
  sdkVersion: '1.2.0',
  appId: 'com.example.mock-wellness',
  appVersion: '4.1.0',
  deviceType: 'iPhone',
  deviceModel: 'iPhone15,2',
  system: 'iOS',
  systemVersion: '17.2',
  timeZone: '+12:00',
};
