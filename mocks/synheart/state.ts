/**
 * The Synheart mock's state: the organization's apps and their keys, the ingestion allowlist, ingested snapshots,
 * the nonces seen, rate-limit windows and the CLI's device authorizations.
 */
export type Json = Record<string, unknown>;

export const SCOPES = ['read', 'write', 'delete', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** The environment tag of a key: bookkeeping only (SYN-ENV-1). */
export const ENVIRONMENT_TAGS = ['production', 'development', 'staging', 'testing', 'other'] as const;
export type EnvironmentTag = (typeof ENVIRONMENT_TAGS)[number];

export interface ApiKeyRecord {
  keyId: string;
  /** The value sent in `x-api-key`. */
  secretKey: string;
  /** Keys the HMAC of signed ingestion. */
  signingSecret: string;
  appId: string;
  orgId: string;
  label: string;
  scopes: Scope[];
  environment: EnvironmentTag;
  /** Epoch ms (mock clock). */
  createdAt: number;
  /** Epoch ms (mock clock) of the revocation; the key is refused from then on. */
  revokedAt?: number;
}

export interface ConsentProfileRecord {
  /** The profile as the API returns it (ConsentProfile schema). */
  profile: Json;
  /** Offered today (what `active_only` filters on). */
  active: boolean;
}

export interface AppRecord {
  appId: string;
  orgId: string;
  tenantId: string;
  projectId: string;
  name: string;
  consentProfiles: ConsentProfileRecord[];
}

export interface StoredSnapshot {
  snapshotId: string;
  appId: string;
  userId: string;
  /** Epoch ms (mock clock) when it was ingested. */
  receivedAt: number;
  /** Epoch ms of the snapshot's `observed_at_utc` (inside `hsi` for an SDK wrapper): what lists sort and filter on. */
  observedAt: number;
  /** The request's metadata without org_id. */
  metadata: Json;
  snapshot: Json;
}

export type DeviceStatus = 'pending' | 'approved' | 'denied' | 'consumed';

export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  clientId: string;
  scope?: string;
  /** Epoch ms (mock clock) from which the code is expired. */
  expiresAt: number;
  /** Seconds the client must wait between polls; grows by 5 with each slow_down. */
  interval: number;
  /** Epoch ms of the previous poll. */
  lastPollAt?: number;
  status: DeviceStatus;
}

export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

export interface RateWindow {
  /** Epoch ms when the current fixed window started. */
  startedAt: number;
  count: number;
}

/** What the mock reads from its spec once. */
export interface SpecFacts {
  /** Seconds an X-Synheart-Timestamp may be away from the clock (`x-synheart-signing.timestampWindowSeconds`). */
  timestampWindowSeconds: number;
  /** Seconds a nonce is remembered (`x-synheart-signing.nonceRememberedSeconds`). */
  nonceRememberedSeconds: number;
  /** Largest ingestion body in bytes (`x-synheart-signing.maxRequestBytes`); 413 beyond. */
  maxRequestBytes: number;
}

export interface SynheartState {
  environment: string;
  spec: SpecFacts;
  apps: Map<string, AppRecord>;
  /** Keys by secret value (what arrives in `x-api-key`). */
  keys: Map<string, ApiKeyRecord>;
  /** App ids Synheart has verified for ingestion. */
  allowlist: Set<string>;
  snapshots: Map<string, StoredSnapshot>;
  /** Nonces seen, with the epoch ms until which they are remembered. */
  nonces: Map<string, number>;
  rateLimit: RateLimit;
  /** Rate-limit windows by app id (the protocol's tenant). */
  rateWindows: Map<string, RateWindow>;
  /** Device authorizations by device code. */
  devices: Map<string, DeviceAuthorization>;
  /** Deterministic source of ids, codes and secrets. */
  random: () => number;
  /** Key ids a user of the target configures (SYNHEART_API_KEY, SYNHEART_READ_ONLY_API_KEY). */
  primaryKeyId: string;
  readOnlyKeyId: string;
}

export const SECOND_MS = 1000;
export const DAY_MS = 86_400_000;
/** The Research tier of synheart-core docs/CLOUD_PROTOCOL.md (600 requests a minute), the tier of the mock's apps. */
export const DEFAULT_RATE_LIMIT: RateLimit = { limit: 600, windowSeconds: 60 };
/** The CLI's public client id (a decision of the spec, see requestDeviceCode). */
export const CLI_CLIENT_ID = 'synheart-cli';
export const DEVICE_CODE_LIFETIME_SECONDS = 900;
export const DEVICE_POLL_INTERVAL_SECONDS = 5;
export const SLOW_DOWN_STEP_SECONDS = 5;
export const CLI_TOKEN_LIFETIME_SECONDS = 3600;
export const VERIFICATION_URI = 'https://platform.synheart.ai/device';
export const DEVICE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function unixSeconds(ms: number): number {
  return Math.floor(ms / SECOND_MS);
}

/** The key a user of the target configures as SYNHEART_API_KEY. */
export function primaryKey(state: SynheartState): ApiKeyRecord {
  const key = findKeyById(state, state.primaryKeyId);
  if (!key) throw new Error(`The synheart mock's primary key ${state.primaryKeyId} is missing from its state.`);
  return key;
}

export function findKeyById(state: SynheartState, keyId: string): ApiKeyRecord | undefined {
  return [...state.keys.values()].find((k) => k.keyId === keyId);
}

/** Does a key carry a scope (admin carries every scope)? */
export function hasScope(key: ApiKeyRecord, scope: Scope): boolean {
  return key.scopes.includes(scope) || key.scopes.includes('admin');
}
