/** The Sahha mock's state: one project (account) of one environment, its profiles, their data and the tokens issued. */
import type { OperationInfo } from '../../src/openapi';

export type Environment = 'sandbox' | 'production';
export type Json = Record<string, unknown>;

export interface ProfileData {
  scores: Json[];
  biomarkers: Json[];
  archetypes: Json[];
  trends: Json[];
  comparisons: Json[];
}

export interface ProfileRecord {
  profileId: string;
  externalId: string;
  createdAtUtc: string;
  isSampleProfile: boolean;
  dataLastReceivedAtUtc: string | null;
  data: ProfileData;
  /** Demographic fields that are set (never null values). */
  demographic: Json;
  deviceInformation?: Json;
  /** Data logs posted through the API, by log id (a re-posted id replaces the earlier log). */
  dataLogs: Map<string, Json>;
  /** Set by DELETE /profile: the record stays reachable from its tokens, which then answer 410. */
  removed: boolean;
  /** Connected third-party integrations (Integration schema items). */
  integrations: Json[];
}

/** A Garmin connection started by connectGarmin and not yet completed by the callback. */
export interface PendingConnection {
  profile: ProfileRecord;
  oauthToken: string;
}

export type TokenKind = 'account' | 'profile';

export interface TokenRecord {
  kind: TokenKind;
  /** Epoch ms (mock clock) from which the token is rejected. */
  expiresAt: number;
  profile?: ProfileRecord;
  readOnly: boolean;
}

export interface Credentials {
  clientId: string;
  clientSecret: string;
  appId: string;
  appSecret: string;
}

/** What the mock reads from its spec once (scheme words, allowed query values). */
export interface SpecFacts {
  /** The word before the token in `Authorization` for a token kind (`x-scheme-word`). */
  schemeWord: Record<TokenKind, string>;
  /** Allowed values of a query parameter of an operation (its enum, or its items' enum), if it has any. */
  allowedValues(op: OperationInfo, name: string): string[] | undefined;
}

export interface SahhaState {
  environment: Environment;
  spec: SpecFacts;
  accountId: string;
  credentials: Credentials;
  /** Live profiles by externalId. */
  profiles: Map<string, ProfileRecord>;
  /** Account and profile tokens by value. */
  tokens: Map<string, TokenRecord>;
  /** Refresh tokens by value: the profile they refresh. */
  refreshTokens: Map<string, ProfileRecord>;
  /** Garmin connections in progress, by the state value of their consent URL. */
  pendingConnections: Map<string, PendingConnection>;
  /** Deterministic source of ids and token suffixes. */
  random: () => number;
  /** Counter that makes every issued token distinct. */
  issued: number;
  /** externalId of the sample profile a user of the sandbox target reads (SAHHA_EXTERNAL_ID). */
  sampleExternalId: string;
}

export const DAY_MS = 86_400_000;
export const TOKEN_LIFETIME_SECONDS = 86_400;

export function otherEnvironment(env: Environment): Environment {
  return env === 'sandbox' ? 'production' : 'sandbox';
}

/** Client and app credentials of an environment: fake by construction, different per environment (SAH-ENV-2). */
export function credentialsFor(env: Environment): Credentials {
  return {
    clientId: `mock-${env}-client`,
    clientSecret: `mock-${env}-client-secret`,
    appId: `mock-${env}-app`,
    appSecret: `mock-${env}-app-secret`,
  };
}

export function asEnvironment(value: string): Environment {
  return value === 'production' ? 'production' : 'sandbox';
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function emptyProfileData(): ProfileData {
  return { scores: [], biomarkers: [], archetypes: [], trends: [], comparisons: [] };
}

export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}
