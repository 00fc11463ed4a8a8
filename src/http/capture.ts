/**
 * Capture: the innermost interceptor records every attempt as it happens, and the ExchangeRecorder redacts each
 * piece the moment it is recorded, so nothing unredacted is kept. A JSON response is shown to the redactor
 * (learnFrom) before it is recorded, so a token minted by a response never appears in its own exchange.
 * When the redactor hides health data, each JSON body is masked (maskHealth, from the spec's marks) before it is
 * recorded: the real values stay in the response the caller gets, in memory only. The request also records which
 * named secret (a credential's environment variable) each redacted header, query key and body key held.
 */
import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { contextOf, ForwardingHandler, normaliseHeaders, type IncomingHttpHeaders, type Interceptor } from './dispatch';
import { errorCode, isFramingError } from './errors';
import { forEachSecretValue, isSecretHeader, isSecretKey, type Redactor } from './redact';
import type { CapturedAttempt, Exchange } from './types';

/** Parsed JSON when the text parses as JSON, else undefined. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const elapsedSince = (start: number): number => Math.round(performance.now() - start);

interface AttemptOutcome {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  error?: Error;
}

export class ExchangeRecorder {
  readonly id = randomUUID();
  private readonly startedAt = new Date();
  private readonly started = performance.now();
  private request: Exchange['request'] | undefined;
  private response: Exchange['response'] | undefined;
  private readonly attempts: CapturedAttempt[] = [];
  private requestUrl = '';

  constructor(
    private readonly redactor: Redactor,
    private readonly label?: string,
  ) {}

  /** Records the request once (every attempt sends the same one). */
  captureRequest(opts: Dispatcher.DispatchOptions): void {
    if (this.request) return;
    const headers = Object.fromEntries(Object.entries((opts.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), String(v)]));
    const body = typeof opts.body === 'string' || Buffer.isBuffer(opts.body) ? opts.body.toString() : undefined;
    const url = `${String(opts.origin ?? '')}${opts.path}`;
    this.requestUrl = url;
    const shownUrl = this.redactor.maskHealthUrl(url, opts.method);
    const secrets = this.secretNames(headers, opts.path, body);
    const masked = body === undefined ? undefined : this.redactor.maskHealth(body, { direction: 'request', method: opts.method, url, contentType: headers['content-type'] });
    this.request = {
      method: opts.method,
      url: this.redactor.redactUrl(shownUrl),
      headers: this.redactor.redactHeaders(headers),
      body: masked === undefined ? undefined : this.redactor.redactBody(masked, headers['content-type']),
      ...(Object.keys(secrets).length ? { secrets } : {}),
    };
  }

  /** Which named secret each secret header, query key and JSON body key of the request holds. */
  private secretNames(headers: Record<string, string>, pathAndQuery: string, body: string | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    const note = (where: string, value: string) => {
      const name = this.redactor.nameOf(value) ?? this.redactor.nameOf(value.replace(/^[A-Za-z]{1,20} +/, ''));
      if (name) out[where] = name;
    };
    for (const [name, value] of Object.entries(headers)) if (isSecretHeader(name)) note(`header:${name}`, value);
    const query = pathAndQuery.split('?')[1];
    if (query) for (const [key, value] of new URLSearchParams(query)) if (isSecretKey(key)) note(`query:${key}`, value);
    const json = body === undefined ? undefined : parseJson(body);
    if (json !== undefined) forEachSecretValue(json, (value, key) => note(`body:${key}`, value));
    return out;
  }

  /** Starts timing an attempt; call the returned function with its outcome. */
  startAttempt(): (outcome: AttemptOutcome) => void {
    const startedAt = new Date().toISOString();
    const started = performance.now();
    return (outcome) => this.endAttempt({ attempt: this.attempts.length + 1, startedAt, durationMs: elapsedSince(started) }, outcome);
  }

  get attemptCount(): number {
    return this.attempts.length;
  }

  /** Marks the last attempt as retried: why, and how long the client waited before the next one. */
  noteRetry(reason: string, waitedMs: number): void {
    const last = this.attempts.at(-1);
    if (last) Object.assign(last, { retryReason: this.redactor.redactText(reason), waitedMs });
  }

  /** The whole exchange, redacted once more with every secret known by now. */
  finish(error?: { code: string; message: string }): Exchange {
    return this.redactor.redactExchange({
      id: this.id,
      label: this.label,
      request: this.request ?? { method: '', url: '', headers: {} },
      response: this.response,
      error,
      startedAt: this.startedAt.toISOString(),
      durationMs: elapsedSince(this.started),
      attempts: this.attempts,
    });
  }

  private endAttempt(attempt: CapturedAttempt, outcome: AttemptOutcome): void {
    if (outcome.error) {
      this.response = undefined;
      this.attempts.push({ ...attempt, error: { code: errorCode(outcome.error), message: this.redactor.redactText(outcome.error.message) } });
      return;
    }
    const headers = outcome.headers ?? {};
    const body = outcome.body ?? '';
    const json = parseJson(body);
    if (json !== undefined) this.redactor.learnFrom(json);
    const masked = json === undefined ? body : this.redactor.maskHealth(body, { direction: 'response', method: this.request?.method ?? '', url: this.requestUrl, status: outcome.status, contentType: headers['content-type'] });
    this.response = {
      status: outcome.status ?? 0,
      headers: this.redactor.redactHeaders(headers),
      body: body === '' ? undefined : this.redactor.redactBody(masked, headers['content-type']),
    };
    this.attempts.push({ ...attempt, status: outcome.status });
  }
}

class CaptureHandler extends ForwardingHandler {
  private readonly end: (outcome: AttemptOutcome) => void;
  private status = 0;
  private headers: Record<string, string> = {};
  private readonly chunks: Buffer[] = [];

  constructor(next: Dispatcher.DispatchHandler, recorder: ExchangeRecorder) {
    super(next);
    this.end = recorder.startAttempt();
  }

  override onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, statusMessage?: string): void {
    this.status = statusCode;
    this.headers = normaliseHeaders(headers);
    super.onResponseStart(controller, statusCode, headers, statusMessage);
  }

  override onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
    super.onResponseData(controller, chunk);
  }

  override onResponseEnd(controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    this.end({ status: this.status, headers: this.headers, body: Buffer.concat(this.chunks).toString('utf8') });
    super.onResponseEnd(controller, trailers);
  }

  override onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    // Headers came but the body broke its framing: keep what was answered, so the checks can judge it.
    if (this.status !== 0 && isFramingError(error)) this.end({ status: this.status, headers: this.headers, body: Buffer.concat(this.chunks).toString('utf8') });
    else this.end({ error });
    super.onResponseError(controller, error);
  }
}

/** Records every attempt (the innermost interceptor: each retry passes through it again). */
export const captureInterceptor: Interceptor = (dispatch) => (opts, handler) => {
  const { recorder } = contextOf(opts);
  recorder.captureRequest(opts);
  return dispatch(opts, new CaptureHandler(handler, recorder));
};
