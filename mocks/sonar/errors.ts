/** Sonar's error body `{error, message, details}` and how the mock builds its failures. */
import type { KernelRejection, MockContext, MockResponse } from '../kernel/types';

/** The error codes the spec documents (components.schemas.Error), as the mock produces them. */
type ErrorCode = 'invalid_request' | 'invalid_token' | 'token_expired' | 'insufficient_scope' | 'wrong_user' | 'not_found' | 'conflict' | 'rate_limited';

/** The provider's error body; `details` is always present (`{}` when there is nothing to add). */
export function errorBody(_status: number, code: string, message: string, details?: Record<string, unknown>): unknown {
  return { error: code, message, details: details ?? {} };
}

/**
 * Routing misses keep their HTTP meaning; anything else wrong with a routed request (bad parameters or body,
 * a body that is not JSON, too large or of another media type) is Sonar's 400 invalid_request, the only 4xx the
 * spec documents for it.
 */
export function rejection(kind: KernelRejection): { status: number; code: string } {
  if (kind === 'not_found') return { status: 404, code: 'not_found' };
  if (kind === 'method_not_allowed') return { status: 405, code: 'method_not_allowed' };
  return { status: 400, code: 'invalid_request' };
}

export function fail(ctx: MockContext<unknown>, status: number, code: ErrorCode, message: string, details?: Record<string, unknown>): MockResponse {
  return ctx.error(status, code, message, details);
}

/** A 400 for a value the schema cannot judge (a date range backwards, an unknown timezone), located like the kernel's. */
export function invalid(ctx: MockContext<unknown>, origin: string, message: string): MockResponse {
  return fail(ctx, 400, 'invalid_request', `The request is invalid: ${message}`, { location: ctx.basePath + ctx.req.path, origin, errors: [{ origin, errors: [message] }] });
}

export function isResponse(value: unknown): value is MockResponse {
  return typeof value === 'object' && value !== null && typeof (value as MockResponse).status === 'number';
}
