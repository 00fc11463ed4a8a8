/**
 * Contract of a provider adapter: everything that differs between providers and is not in the spec
 * (how each token kind is obtained, which credentials are needed, valid inputs for each operation).
 * Scenarios and generated checks reach providers only through an adapter and the ApiClient.
 */
import type { OperationInfo, ProviderName, Spec } from '../openapi';
import type { ApiClient } from '../targets/api';
import type { Environment, ProviderTarget } from '../targets';
import type { Redactor } from '../http';
import type { RunStore } from '../run/store';

export interface TokenGrant {
  /** Security scheme name ("account", "userToken", "apiKey"). */
  kind: string;
  value: string;
  /** Epoch ms when the provider says it expires, if it says. */
  expiresAt?: number;
  /** Extra values returned with it (refresh token, user id...). Secret fields are already known to the redactor. */
  extra?: Record<string, string>;
}

export interface ProviderSession {
  spec: Spec;
  target: ProviderTarget;
  api: ApiClient;
  redactor: Redactor;
  /** Tokens obtained once per kind (and per environment); scenarios that spend a token mint their own. */
  tokens: TokenCache;
  /**
   * Values that cost requests to make and that tests share (a user, a profile): once per run off the mock target,
   * surviving worker restarts; once per worker on the mock target (src/run/store.ts).
   */
  store: RunStore;
}

export interface TokenCache {
  get(kind: string, environment?: Environment): Promise<TokenGrant>;
  /** Forgets a cached token (after a scenario broke it). */
  forget(kind: string, environment?: Environment): void;
}

/** Valid inputs for one operation: enough to reach its success response. */
export interface ValidRequest {
  pathParams?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | (string | number | boolean)[]>;
  headers?: Record<string, string>;
  json?: unknown;
  /** Token kind to authenticate with (a security scheme name), or null for none. */
  token: string | null;
  /** The status the request is expected to reach ("200", "201", "204"). */
  expectStatus: string;
}

export type ValidRequestResult = ValidRequest | { skip: string };

export interface ProviderAdapter {
  provider: ProviderName;
  /** Credential variables for the sandbox/production targets. */
  credentials: { required: string[]; optional: string[] };
  /**
   * The credential kinds (security scheme names) that `conformance verify` obtains from the configured variables
   * and tries on a read-only call: the ones every other kind is derived from.
   */
  verifyKinds: string[];
  /** The headers that carry a credential of a security scheme ("Authorization: account <token>"). */
  authHeaders(scheme: string, value: string): Record<string, string>;
  /** Obtains a credential of a kind through the provider's API (or from the configured credentials). */
  obtain(kind: string, session: ProviderSession, environment?: Environment): Promise<TokenGrant>;
  /**
   * Valid inputs for an operation (built from the spec's examples and the adapter's own fixtures). May create
   * what the request needs first (a user to delete). `{skip}` with a reason when it cannot be reached on this target.
   */
  validRequest(op: OperationInfo, session: ProviderSession): Promise<ValidRequestResult>;
  /**
   * GEN-AUTH probes: a real credential of a scheme that an operation must still refuse, because its subject was
   * deleted through the API or because it lacks `scopes`. `{skip}` with the reason when this target cannot give one;
   * absent when the provider has no such credential.
   */
  unfitCredential?(want: UnfitCredential, session: ProviderSession): Promise<TokenGrant | { skip: string }>;
  /**
   * Headers that depend on the exact body sent (a request signature with its nonce), for an operation sent with a
   * body other than its valid request's (the deeper generated phases); absent when no header does.
   */
  bodyHeaders?(op: OperationInfo, json: unknown, session: ProviderSession): Promise<Record<string, string>>;
}

/** What an unfit credential must be: of `scheme`, and either of a deleted subject or without `scopes`. */
export type UnfitCredential = { kind: 'deleted-subject'; scheme: string } | { kind: 'missing-scopes'; scheme: string; scopes: string[] };
