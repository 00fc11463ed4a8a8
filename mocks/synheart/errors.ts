/**
 * Synheart's two error bodies: `{status: "error", code, message, retry_after?}` for the key-authenticated
 * operations, and RFC 6749 `{error, error_description}` for the OAuth endpoints of the CLI login.
 */
import type { KernelRejection, MockContext, MockResponse } from '../kernel/types';
import { matchPathTemplate, type Spec } from '../../src/openapi';

export type ApiErrorCode =
  | 'invalid_api_key'
  | 'invalid_signature'
  | 'invalid_nonce'
  | 'insufficient_scope'
  | 'invalid_tenant'
  | 'app_not_verified'
  | 'app_id_mismatch'
  | 'schema_validation_failed'
  | 'not_found'
  | 'payload_too_large'
  | 'rate_limit_exceeded';

const OAUTH_ERROR_CODES = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unsupported_grant_type',
  'invalid_scope',
  'authorization_pending',
  'slow_down',
  'access_denied',
  'expired_token',
] as const;
export type OAuthErrorCode = (typeof OAUTH_ERROR_CODES)[number];

const isOAuthCode = (code: string): code is OAuthErrorCode => (OAUTH_ERROR_CODES as readonly string[]).includes(code);

/** OAuth answers are never cached (RFC 6749 section 5.1); the handlers send it on every OAuth answer. */
export const NO_STORE = { 'cache-control': 'no-store' };

type ErrorBodyFn = (status: number, code: string, message: string, details?: Record<string, unknown>) => unknown;

function apiBody(code: string, message: string, details?: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = { status: 'error', code, message };
  if (typeof details?.retry_after === 'number') body.retry_after = details.retry_after;
  return body;
}

/**
 * The provider's error body. The operations that take no API key (the OAuth endpoints of the CLI login) answer
 * RFC 6749 errors, also when the kernel rejects their request (it names the request path in `details.location`);
 * every other operation answers the API shape (`details.retry_after` adds the wait of a 429).
 */
export function errorBodyFor(spec: Spec): ErrorBodyFn {
  const server = spec.server('sandbox') ?? spec.servers[0];
  const basePath = server ? new URL(server.url).pathname.replace(/\/+$/, '') : '';
  const oauthTemplates = [...spec.operations.values()].filter((op) => op.security.length === 0).map((op) => op.path);
  const isOAuthLocation = (location: unknown) =>
    typeof location === 'string' && location.startsWith(basePath) && oauthTemplates.some((t) => matchPathTemplate(t, location.slice(basePath.length)) !== null);
  return (_status, code, message, details) => {
    if (isOAuthCode(code)) return { error: code, error_description: message };
    if (isOAuthLocation(details?.location)) return { error: 'invalid_request', error_description: message };
    return apiBody(code, message, details);
  };
}

/** Routing misses keep their HTTP meaning; a body or parameter the server cannot accept is the SDK's 400. */
export function rejection(kind: KernelRejection): { status: number; code: string } {
  switch (kind) {
    case 'not_found':
      return { status: 404, code: 'not_found' };
    case 'method_not_allowed':
      return { status: 405, code: 'method_not_allowed' };
    case 'payload_too_large':
      return { status: 413, code: 'payload_too_large' };
    default:
      return { status: 400, code: 'schema_validation_failed' };
  }
}

/** A failure of a key-authenticated operation. */
export function apiError(ctx: MockContext<unknown>, status: number, code: ApiErrorCode, message: string, details?: Record<string, unknown>): MockResponse {
  return ctx.error(status, code, message, details);
}

/** A failure of an OAuth endpoint: 400 with the RFC body and `Cache-Control: no-store`. */
export function oauthError(ctx: MockContext<unknown>, code: OAuthErrorCode, description: string): MockResponse {
  const res = ctx.error(400, code, description);
  return { ...res, headers: { ...(res.headers ?? {}), ...NO_STORE } };
}

export function isResponse(value: unknown): value is MockResponse {
  return typeof value === 'object' && value !== null && typeof (value as MockResponse).status === 'number';
}
