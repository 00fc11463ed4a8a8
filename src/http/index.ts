/** The HTTP layer's public API: one client with capture, redaction at capture, bounded retry and timeouts. */
export type { CapturedAttempt, Exchange, HttpClient, HttpClientOptions, HttpRequest, HttpResponse, RetryPolicy } from './types';
export { createHttpClient, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_TIMEOUT_MS } from './client';
export { createBreaker, DEFAULT_BREAKER_THRESHOLD, type Breaker } from './breaker';
export { HttpError } from './errors';
export { defaultRedactor, isSecretHeader, isSecretKey, mask, REDACTED, Redactor } from './redact';
export { DEFAULT_RETRY } from './retry';
