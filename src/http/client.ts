/**
 * The HTTP client: one undici Agent (connect timeout) with capture, per-attempt deadline and bounded retry
 * composed onto it as interceptors. `send` builds the dispatch options, collects the real response in memory,
 * and hands out only the redacted exchange for anything that is stored or reported.
 */
import { Agent, type Dispatcher } from 'undici';
import { ConformanceError } from '../errors';
import { captureInterceptor, ExchangeRecorder, parseJson } from './capture';
import { deadlineInterceptor } from './deadline';
import { normaliseHeaders, type ExchangeContext, type ExchangeDispatchOptions } from './dispatch';
import { describeFailure, HttpError, isFramingError } from './errors';
import { defaultRedactor, type Redactor } from './redact';
import { DEFAULT_RETRY, retryInterceptor } from './retry';
import type { HttpClient, HttpClientOptions, HttpRequest, HttpResponse } from './types';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 3_000;
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  bodyText: string;
}

export function createHttpClient(options: HttpClientOptions = {}, redactor: Redactor = defaultRedactor): HttpClient {
  const agent = new Agent({ connect: { timeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS } });
  // The first interceptor is the innermost: every retry passes through the deadline and the capture again.
  const dispatcher = agent.compose(captureInterceptor, deadlineInterceptor, retryInterceptor);
  return {
    send: (req) => send(dispatcher, options, redactor, req),
    close: () => agent.close(),
  };
}

async function send(dispatcher: Dispatcher, options: HttpClientOptions, redactor: Redactor, req: HttpRequest): Promise<HttpResponse> {
  const method = req.method.toUpperCase();
  const url = resolveUrl(options.baseUrl, req, redactor);
  const { origin, pathname, search } = new URL(url);
  const context: ExchangeContext = {
    recorder: new ExchangeRecorder(redactor, req.label),
    timeoutMs: req.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: { ...DEFAULT_RETRY, ...options.retry, ...req.retry },
    retryNetworkErrors: req.idempotent ?? IDEMPOTENT_METHODS.has(method),
  };
  const opts: ExchangeDispatchOptions = { origin, path: pathname + search, method: method as Dispatcher.HttpMethod, ...encodeBody(req, options.defaultHeaders), exchange: context };
  options.breaker?.check();
  const started = performance.now();
  let raw: RawResponse;
  try {
    raw = await collect(dispatcher, opts);
  } catch (err) {
    const error = failed(err, { method, url, context, redactor, onExchange: options.onExchange });
    options.breaker?.record(false, error.code);
    throw error;
  }
  options.breaker?.record(true);
  const exchange = context.recorder.finish();
  options.onExchange?.(exchange);
  return { ...raw, json: parseJson(raw.bodyText), durationMs: Math.round(performance.now() - started), exchange };
}

/**
 * The absolute URL: `req.url` as is when absolute, else joined to baseUrl (keeping its path); query appended.
 * A fragment is dropped: it is never sent.
 */
function resolveUrl(baseUrl: string | undefined, req: HttpRequest, redactor: Redactor): string {
  const target = req.url.split('#')[0]!;
  const joined = /^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? target : joinToBase(baseUrl, target, redactor);
  const extra = queryString(req.query);
  const url = extra ? `${joined}${joined.includes('?') ? '&' : '?'}${extra}` : joined;
  if (!URL.canParse(url)) throw new ConformanceError('BAD_ARGUMENTS', `The request URL ${redactor.redactUrl(url)} is not a valid URL. Fix the base URL or the path.`);
  return url;
}

function joinToBase(baseUrl: string | undefined, path: string, redactor: Redactor): string {
  if (!baseUrl) {
    throw new ConformanceError('BAD_ARGUMENTS', `The request URL ${redactor.redactUrl(path)} is relative and the HTTP client has no baseUrl. Pass an absolute URL or set baseUrl.`);
  }
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** Arrays repeat the key; undefined values are left out. */
function queryString(query: HttpRequest['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    for (const item of [value].flat()) if (item !== undefined) params.append(key, String(item));
  }
  return params.toString();
}

/** Lower-case header names (later sources win) and the body: JSON serialised with its content type, or raw. */
function encodeBody(req: HttpRequest, defaultHeaders: Record<string, string> = {}): { headers: Record<string, string>; body?: string | Buffer } {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...defaultHeaders, ...req.headers })) headers[name.toLowerCase()] = value;
  if (req.json === undefined) return { headers, body: req.body };
  if (req.body !== undefined) throw new ConformanceError('BAD_ARGUMENTS', `${req.method} ${req.url} was given both json and body. Pass one of them.`);
  headers['content-type'] ??= 'application/json';
  return { headers, body: JSON.stringify(req.json) };
}

/** Dispatches and keeps the real response in memory (never stored: only the recorder's redacted copy is). */
function collect(dispatcher: Dispatcher, opts: ExchangeDispatchOptions): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const response: RawResponse = { status: 0, headers: {}, bodyText: '' };
    const chunks: Buffer[] = [];
    dispatcher.dispatch(opts, {
      onRequestStart: () => undefined,
      onResponseStart: (_controller, statusCode, headers) => Object.assign(response, { status: statusCode, headers: normaliseHeaders(headers) }),
      onResponseData: (_controller, chunk) => chunks.push(chunk),
      onResponseEnd: () => resolve({ ...response, bodyText: Buffer.concat(chunks).toString('utf8') }),
      onResponseError: (_controller, error) =>
        response.status !== 0 && isFramingError(error) ? resolve({ ...response, bodyText: Buffer.concat(chunks).toString('utf8') }) : reject(error),
    });
  });
}

interface Failure {
  method: string;
  url: string;
  context: ExchangeContext;
  redactor: Redactor;
  onExchange?: HttpClientOptions['onExchange'];
}

/** The HttpError for a request that got no response, after reporting its exchange. */
function failed(err: unknown, { method, url, context, redactor, onExchange }: Failure): HttpError {
  const { code, message } = describeFailure(err, {
    method,
    url,
    shownUrl: redactor.redactUrl(url),
    attempts: context.recorder.attemptCount,
    idempotent: context.retryNetworkErrors,
  });
  const safeMessage = redactor.redactText(message);
  const exchange = context.recorder.finish({ code, message: safeMessage });
  onExchange?.(exchange);
  return new HttpError(code, safeMessage, exchange, { cause: err });
}
