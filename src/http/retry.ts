/**
 * Bounded retry, as an interceptor: a 429 is retried after the wait it asks for (the Retry-After header in
 * seconds or as an HTTP-date, else a `retry_after`/`retryAfter` body field in seconds), capped at maxWaitMs, or
 * after baseDelayMs without a hint. A connection that breaks before any response is retried, with exponential
 * backoff from baseDelayMs, only for an idempotent request. Every retry is recorded on the attempt it follows.
 */
import type { Dispatcher } from 'undici';
import { parseJson } from './capture';
import { contextOf, ForwardingHandler, normaliseHeaders, type ExchangeContext, type IncomingHttpHeaders, type Interceptor } from './dispatch';
import { errorCode, isRetryableNetworkError } from './errors';
import type { RetryPolicy } from './types';

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 2, maxWaitMs: 5000, baseDelayMs: 200 };

export interface RetryPlan {
  reason: string;
  waitMs: number;
}

interface WaitHint {
  ms: number;
  /** Where the hint came from, as shown in the retry reason ("Retry-After 2"). */
  source: string;
}

function headerHint(value: string | undefined, now: number): WaitHint | undefined {
  const raw = value?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return { ms: Number(raw) * 1000, source: `Retry-After ${raw}s` };
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : { ms: Math.max(0, date - now), source: `Retry-After ${raw}` };
}

function bodyHint(body: string): WaitHint | undefined {
  const json = parseJson(body);
  if (json === null || typeof json !== 'object') return undefined;
  for (const field of ['retry_after', 'retryAfter']) {
    const value = (json as Record<string, unknown>)[field];
    const seconds = typeof value === 'number' || (typeof value === 'string' && value.trim() !== '') ? Number(value) : NaN;
    if (Number.isFinite(seconds) && seconds >= 0) return { ms: seconds * 1000, source: `${field} ${seconds}s in the body` };
  }
  return undefined;
}

/** How long to wait after a 429, and why: the header's hint first, then the body's, capped; else the base delay. */
export function planRateLimitRetry(headers: Record<string, string>, body: string, policy: RetryPolicy, now = Date.now()): RetryPlan {
  const hint = headerHint(headers['retry-after'], now) ?? bodyHint(body);
  if (!hint) return { reason: `429 without a wait hint, waited the base delay of ${policy.baseDelayMs} ms`, waitMs: policy.baseDelayMs };
  if (hint.ms > policy.maxWaitMs) return { reason: `429, ${hint.source}, capped at ${policy.maxWaitMs} ms`, waitMs: policy.maxWaitMs };
  return { reason: `429, ${hint.source}`, waitMs: Math.round(hint.ms) };
}

/** The controller the upstream handler sees: it always acts on the current attempt. */
class CurrentAttemptController implements Dispatcher.DispatchController {
  target: Dispatcher.DispatchController | undefined;
  get aborted(): boolean {
    return this.target?.aborted ?? false;
  }
  get paused(): boolean {
    return this.target?.paused ?? false;
  }
  get reason(): Error | null {
    return this.target?.reason ?? null;
  }
  abort(reason: Error): void {
    this.target?.abort(reason);
  }
  pause(): void {
    this.target?.pause();
  }
  resume(): void {
    this.target?.resume();
  }
}

class RetryHandler extends ForwardingHandler {
  private readonly current = new CurrentAttemptController();
  private retries = 0;
  private requestStartForwarded = false;
  private responseForwarded = false;
  /** A 429 that will be retried: swallowed, its body kept for the wait hint. */
  private held: { headers: Record<string, string>; chunks: Buffer[] } | undefined;

  constructor(
    next: Dispatcher.DispatchHandler,
    private readonly dispatch: Dispatcher.Dispatch,
    private readonly opts: Dispatcher.DispatchOptions,
    private readonly context: ExchangeContext,
  ) {
    super(next);
  }

  override onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.current.target = controller;
    if (this.requestStartForwarded) return;
    this.requestStartForwarded = true;
    super.onRequestStart(this.current, context);
  }

  override onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, statusMessage?: string): void {
    if (statusCode === 429 && this.canRetry()) {
      this.held = { headers: normaliseHeaders(headers), chunks: [] };
      return;
    }
    this.responseForwarded = true;
    super.onResponseStart(this.current, statusCode, headers, statusMessage);
  }

  override onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.held) this.held.chunks.push(chunk);
    else super.onResponseData(this.current, chunk);
  }

  override onResponseEnd(_controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    const held = this.held;
    if (!held) return super.onResponseEnd(this.current, trailers);
    this.held = undefined;
    this.retryAfter(planRateLimitRetry(held.headers, Buffer.concat(held.chunks).toString('utf8'), this.context.retry));
  }

  override onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.held = undefined;
    if (!this.responseForwarded && this.context.retryNetworkErrors && isRetryableNetworkError(error) && this.canRetry()) {
      this.retryAfter({ reason: errorCode(error), waitMs: this.context.retry.baseDelayMs * 2 ** this.retries });
      return;
    }
    super.onResponseError(this.current, error);
  }

  private canRetry(): boolean {
    return this.retries < this.context.retry.maxRetries;
  }

  private retryAfter(plan: RetryPlan): void {
    this.retries += 1;
    const started = performance.now();
    setTimeout(() => {
      this.context.recorder.noteRetry(plan.reason, Math.round(performance.now() - started));
      this.dispatch(this.opts, this);
    }, plan.waitMs);
  }
}

export const retryInterceptor: Interceptor = (dispatch) => (opts, handler) => dispatch(opts, new RetryHandler(handler, dispatch, opts, contextOf(opts)));
