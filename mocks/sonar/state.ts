/**
 * The Sonar mock's state: API keys of both environments, users with their data and devices, user and mobile
 * tokens, the event feed, webhooks and rate-limit windows. One instance holds both environments; the key's
 * prefix picks which one a request sees, and the two never see each other's users, events or webhooks.
 */
export type Json = Record<string, unknown>;

/** The environment of a key, user, token, event or webhook (the spec's x-environment values). */
export type Env = 'sandbox' | 'production';
export const ENVIRONMENTS: readonly Env[] = ['sandbox', 'production'];

export interface ApiKeyRecord {
  /** The value sent as `Authorization: Bearer <value>`. */
  value: string;
  environment: Env;
  label: string;
  /** Epoch ms (mock clock); the key is too old `keyLifetimeSeconds` later. */
  createdAt: number;
  /** Epoch ms (mock clock) of its revocation by rotation. */
  revokedAt?: number;
}

/** The spec's DeviceStatus: pending until the provider's OAuth completes (POST /__control/completeDeviceOAuth), then active. */
export type DeviceStatus = 'pending' | 'active';

export interface DeviceRecord {
  id: string;
  provider: string;
  status: DeviceStatus;
  /** Null while pending. */
  connectedAt: number | null;
  lastSyncAt: number | null;
  /** The provider's authorisation page of a cloud connection (none for a health store connected by the SDK). */
  authUrl?: string;
}

/** An API object (score, daily item, sleep session, workout, time-series point) with the user's calendar day it belongs to. */
export interface DatedItem {
  date: string;
  item: Json;
  /** The device the item came from (deleting the device removes it); none for Sonar's own computations (scores). */
  deviceId?: string;
}

export interface UserData {
  scores: DatedItem[];
  daily: DatedItem[];
  sleep: DatedItem[];
  workouts: DatedItem[];
  timeseries: DatedItem[];
}
export type DataKind = keyof UserData;

export type ScoreStatus = 'calibrating' | 'ready' | 'stale';

export interface UserRecord {
  id: string;
  environment: Env;
  referenceId: string;
  timezone: string;
  scoreStatus: ScoreStatus;
  lastSyncAt: number | null;
  lastScoreAt: number | null;
  createdAt: number;
  devices: DeviceRecord[];
  data: UserData;
}

export interface UserTokenRecord {
  value: string;
  userId: string;
  environment: Env;
  issuedAt: number;
  expiresAt: number;
}

export interface MobileTokenRecord {
  value: string;
  userId: string;
  environment: Env;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
  consumedAt?: number;
}

export interface EventRecord {
  /** Position in the feed (global, increasing); cursors point after one. */
  seq: number;
  id: string;
  environment: Env;
  type: string;
  userId: string;
  createdAt: number;
  /** The type's own fields of the event: `metrics`, `scores`, `device_id`. */
  fields: Json;
}

export interface WebhookRecord {
  id: string;
  environment: Env;
  url: string;
  events: string[];
  status: 'active' | 'disabled';
  createdAt: number;
  lastDeliveryAt: number | null;
  signingSecret: string;
}

export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

export interface RateWindow {
  startedAt: number;
  count: number;
}

/** What the mock reads from its spec once (security scheme extensions and schema enums). */
export interface SpecFacts {
  /** `x-lifetime-seconds` of each security scheme. */
  lifetimeSeconds: { apiKey: number; userToken: number; mobileToken: number };
  /** `x-environment-prefixes` of the apiKey scheme: key prefix -> environment. */
  keyPrefixes: Record<string, Env>;
  /** `x-token-prefix` of the mobileToken scheme. */
  mobileTokenPrefix: string;
  /** The MobileScope enum: the default scopes of a mobile token. */
  mobileScopes: string[];
  /** The `default` of the PerPage parameter. */
  defaultPerPage: number;
  /** The `default` of the events Limit parameter. */
  defaultEventLimit: number;
}

export interface SonarState {
  facts: SpecFacts;
  /** Deterministic source of ids, tokens and sample data. */
  random: () => number;
  keys: Map<string, ApiKeyRecord>;
  /** The key a user of each environment configures (changes when it is rotated). */
  currentKey: Record<Env, string>;
  users: Map<string, UserRecord>;
  userTokens: Map<string, UserTokenRecord>;
  mobileTokens: Map<string, MobileTokenRecord>;
  events: EventRecord[];
  nextEventSeq: number;
  webhooks: Map<string, WebhookRecord>;
  rateLimit: RateLimit;
  /** Rate-limit windows by credential value. */
  rateWindows: Map<string, RateWindow>;
}

export const SECOND_MS = 1000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const DEFAULT_RATE_LIMIT: RateLimit = { limit: 600, windowSeconds: 60 };
/** Days a sandbox user is seeded with (sonar-tokens.md: 7 days of realistic data). */
export const SEEDED_DAYS = 7;
export const DEFAULT_TIMEZONE = 'UTC';

/** ISO 8601 in UTC with whole seconds ("2025-01-15T10:00:00Z"). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const isoOrNull = (ms: number | null) => (ms === null ? null : isoTime(ms));

/** The instant rounded down to the whole second (what timestamps on the wire can show). */
export const wholeSecond = (ms: number) => Math.floor(ms / SECOND_MS) * SECOND_MS;

/** A user of this environment (undefined for unknown ids and users of the other environment). */
export function userIn(state: SonarState, env: Env, userId: string): UserRecord | undefined {
  const user = state.users.get(userId);
  return user && user.environment === env ? user : undefined;
}

/** Users of an environment, oldest first (by creation, then id). */
export function usersOf(state: SonarState, env: Env): UserRecord[] {
  return [...state.users.values()].filter((u) => u.environment === env).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}
