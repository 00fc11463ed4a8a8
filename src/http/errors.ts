/**
 * Errors of the HTTP layer. A request that got no response ends in an HttpError: a ConformanceError (exit 2,
 * "could not run") that carries the redacted exchange, so the caller can attach what was tried.
 */
import { ConformanceError, type ErrorCode } from '../errors';
import type { Exchange } from './types';

export class HttpError extends ConformanceError {
  readonly exchange: Exchange;
  constructor(code: ErrorCode, message: string, exchange: Exchange, options?: { cause?: unknown }) {
    super(code, message, options);
    this.exchange = exchange;
  }
}

/** Why the deadline interceptor aborted an attempt. */
export class RequestTimeoutError extends Error {
  readonly code = 'REQUEST_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`No complete response within ${timeoutMs} ms.`);
    this.name = 'RequestTimeoutError';
  }
}

/** How a request without a response failed. */
type FailureKind = 'timeout' | 'unreachable' | 'connection-lost' | 'invalid-request' | 'other';

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);
const CONNECTION_LOST = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** The errno-like code of a network error (`ECONNREFUSED`, `UND_ERR_SOCKET`); the first inner one of an AggregateError. */
export function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  if (err instanceof AggregateError && err.errors.length > 0) return errorCode(err.errors[0]);
  return err instanceof Error ? err.name : 'UNKNOWN';
}

function failureKind(err: unknown): FailureKind {
  const code = errorCode(err);
  if (err instanceof RequestTimeoutError) return 'timeout';
  if (UNREACHABLE.has(code)) return 'unreachable';
  if (CONNECTION_LOST.has(code)) return 'connection-lost';
  if (code.startsWith('UND_ERR_INVALID') || code === 'UND_ERR_NOT_SUPPORTED') return 'invalid-request';
  return 'other';
}

/**
 * A response whose status and headers arrived but whose body did not match its framing (a 204 announcing a
 * Content-Length, say). It is an answer to judge, not a missing one: the checks see its status and headers.
 */
export const isFramingError = (err: unknown): boolean => errorCode(err) === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH';

/** Only a connection that broke after it was made is worth another attempt; an unreachable host fails fast. */
export const isRetryableNetworkError = (err: unknown): boolean => failureKind(err) === 'connection-lost';

/** `host:port` of a URL, with the scheme's default port when none is written. */
function hostPort(url: string): string {
  const u = new URL(url);
  return u.port ? u.host : `${u.host}:${u.protocol === 'https:' ? 443 : 80}`;
}

export interface FailedRequest {
  method: string;
  /** The real URL (only its host and port are used). */
  url: string;
  /** The redacted URL, shown in the message. */
  shownUrl: string;
  attempts: number;
  /** Whether a broken connection could be retried (an idempotent request). */
  idempotent: boolean;
}

/** The stable code and the whole-sentence message for a request that got no response. */
export function describeFailure(err: unknown, req: FailedRequest): { code: ErrorCode; message: string } {
  const what = `${req.method} ${req.shownUrl}`;
  const errno = errorCode(err);
  switch (failureKind(err)) {
    case 'timeout':
      return {
        code: 'REQUEST_TIMEOUT',
        message: `${what} got no complete response within ${(err as RequestTimeoutError).timeoutMs} ms (the request timeout). Check that the target is responsive, or raise the client's timeoutMs.`,
      };
    case 'unreachable':
      return {
        code: 'TARGET_UNREACHABLE',
        message: `Could not reach ${hostPort(req.url)} for ${what}: ${errno}. Check that the target is running and its base URL is right.`,
      };
    case 'connection-lost':
      return {
        code: 'TARGET_UNREACHABLE',
        message: `The connection to ${hostPort(req.url)} broke during ${what}: ${errno} (${retryNote(req)}). Check the target's logs for a crash or a dropped connection.`,
      };
    case 'invalid-request':
      return { code: 'BAD_ARGUMENTS', message: `${what} could not be sent (${errno}: ${(err as Error).message}). Fix the request's method, headers or body.` };
    case 'other':
      return {
        code: 'TARGET_UNREACHABLE',
        message: `${what} failed without a response: ${errno}. Check that the target is running and answers HTTP at its base URL.`,
      };
  }
}

function retryNote(req: FailedRequest): string {
  if (req.attempts > 1) return `gave up after ${req.attempts} attempts`;
  if (!req.idempotent) return `not retried: ${req.method} is not idempotent`;
  return 'retries are disabled';
}
