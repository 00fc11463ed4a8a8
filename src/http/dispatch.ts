/**
 * Plumbing shared by the interceptors: the per-exchange context they read from the dispatch options, and a
 * handler that forwards every callback to the next one (each interceptor overrides only what it changes).
 */
import type { Dispatcher } from 'undici';
import type { ExchangeRecorder } from './capture';
import type { RetryPolicy } from './types';

/** What the client hands the interceptors for one exchange (all its attempts). */
export interface ExchangeContext {
  recorder: ExchangeRecorder;
  timeoutMs: number;
  retry: RetryPolicy;
  /** Whether a broken connection may be retried (idempotent request). */
  retryNetworkErrors: boolean;
}

export interface ExchangeDispatchOptions extends Dispatcher.DispatchOptions {
  exchange: ExchangeContext;
}

export type Interceptor = Dispatcher.DispatcherComposeInterceptor;

/** Response headers as undici hands them to a handler. */
export type IncomingHttpHeaders = Record<string, string | string[] | undefined>;

/** The exchange context the client put in the dispatch options. */
export function contextOf(opts: Dispatcher.DispatchOptions): ExchangeContext {
  const context = (opts as Partial<ExchangeDispatchOptions>).exchange;
  if (!context) throw new TypeError('This dispatcher only serves requests sent through createHttpClient().send().');
  return context;
}

/** Lower-case names; repeated headers joined with ", ". */
export function normaliseHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export class ForwardingHandler implements Dispatcher.DispatchHandler {
  constructor(protected readonly next: Dispatcher.DispatchHandler) {}

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.next.onRequestStart?.(controller, context);
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, statusMessage?: string): void {
    this.next.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.next.onResponseData?.(controller, chunk);
  }

  onResponseEnd(controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    this.next.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    this.next.onResponseError?.(controller, error);
  }
}
