/**
 * Contract of the HTTP layer (src/http). One undici-based client; capture, redaction, retry and timeouts
 * are composed onto it. The HTTP layer knows nothing of specs or checks.
 */

import type { Breaker } from './breaker';

export interface HttpRequest {
  method: string;
  /** Absolute URL, or a path joined to the client's baseUrl. */
  url: string;
  headers?: Record<string, string>;
  /** Query values; arrays repeat the key. */
  query?: Record<string, string | number | boolean | (string | number | boolean)[] | undefined>;
  /** A JSON body (serialised with content-type application/json unless a content-type header is given). */
  json?: unknown;
  /** A raw body, sent as is. */
  body?: string | Buffer;
  /** Overrides the client's timeout for this request. */
  timeoutMs?: number;
  /** Whether a network error may be retried. Defaults to true for GET/HEAD/OPTIONS/PUT/DELETE, false otherwise. */
  idempotent?: boolean;
  /** A label shown in the captured exchange ("SON-TOK-4: mint mobile token"). */
  label?: string;
  /** Overrides the client's retry policy for this request (`{maxRetries: 0}` to observe a 429 as is). */
  retry?: Partial<RetryPolicy>;
}

/** What the caller gets back: the real response, in memory only. Never write it anywhere as is. */
export interface HttpResponse {
  status: number;
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  bodyText: string;
  /** Parsed JSON when the body parses as JSON, else undefined. */
  json: unknown;
  durationMs: number;
  /** The redacted record of the whole exchange, retries included: the only thing that may be stored. */
  exchange: Exchange;
}

/** One attempt (the first try or a retry) inside an exchange. Already redacted. */
export interface CapturedAttempt {
  attempt: number;
  startedAt: string;
  durationMs: number;
  status?: number;
  /** Why the next attempt happened: "429, Retry-After 1s" or "ECONNRESET". */
  retryReason?: string;
  waitedMs?: number;
  error?: { code: string; message: string };
}

/** A captured exchange, redacted at capture: safe to attach to a test result or write in a report. */
export interface Exchange {
  id: string;
  label?: string;
  request: {
    method: string;
    url: string;
    headers: Record<string, string>;
    body?: string;
    /**
     * Which named secret each redacted place held (`header:x-api-key`, `query:token`, `body:clientSecret` -> the
     * environment variable or token name, `SONAR_API_KEY`), for replay commands that name the variable, never the value.
     */
    secrets?: Record<string, string>;
  };
  response?: {
    status: number;
    headers: Record<string, string>;
    body?: string;
  };
  error?: { code: string; message: string };
  startedAt: string;
  durationMs: number;
  attempts: CapturedAttempt[];
}

export interface RetryPolicy {
  /** Retries after the first attempt (0 disables). */
  maxRetries: number;
  /** Longest single wait honoured from Retry-After; longer hints are capped. */
  maxWaitMs: number;
  /** Wait when a 429 carries no hint, and the base for network-error backoff. */
  baseDelayMs: number;
}

export interface HttpClientOptions {
  baseUrl?: string;
  /** Per-request timeout (headers and body). */
  timeoutMs?: number;
  /** Connect timeout: an unreachable host fails fast. */
  connectTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  defaultHeaders?: Record<string, string>;
  /** Called with every finished exchange (redacted). */
  onExchange?: (exchange: Exchange) => void;
  /** Stops sending once the target stopped answering (breaker.ts). */
  breaker?: Breaker;
}

/** The client: one undici Agent with capture, redaction, retry and timeouts composed onto it. */
export interface HttpClient {
  /** Sends a request; resolves with any HTTP status, rejects with an HttpError when no response came. */
  send(req: HttpRequest): Promise<HttpResponse>;
  /** Closes the pooled connections. */
  close(): Promise<void>;
}
