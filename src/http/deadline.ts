/**
 * Timeouts: each attempt must complete (headers and body) within the exchange's timeoutMs, or it is aborted with
 * a RequestTimeoutError. Connecting is bounded separately by the Agent's connect timeout, so an unreachable host
 * fails fast. A timed-out attempt is not retried: a slow target stays slow.
 */
import type { Dispatcher } from 'undici';
import { contextOf, ForwardingHandler, type IncomingHttpHeaders, type Interceptor } from './dispatch';
import { RequestTimeoutError } from './errors';

class DeadlineHandler extends ForwardingHandler {
  private readonly timer: NodeJS.Timeout;
  private controller: Dispatcher.DispatchController | undefined;
  private expired: RequestTimeoutError | undefined;

  constructor(next: Dispatcher.DispatchHandler, timeoutMs: number) {
    super(next);
    this.timer = setTimeout(() => this.expire(new RequestTimeoutError(timeoutMs)), timeoutMs);
  }

  override onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.controller = controller;
    super.onRequestStart(controller, context);
    if (this.expired) controller.abort(this.expired);
  }

  override onResponseEnd(controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    clearTimeout(this.timer);
    super.onResponseEnd(controller, trailers);
  }

  override onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    clearTimeout(this.timer);
    super.onResponseError(controller, error);
  }

  /** Aborts now, or as soon as the request is on a socket (before that only the connect timeout applies). */
  private expire(reason: RequestTimeoutError): void {
    this.expired = reason;
    this.controller?.abort(reason);
  }
}

export const deadlineInterceptor: Interceptor = (dispatch) => (opts, handler) => dispatch(opts, new DeadlineHandler(handler, contextOf(opts).timeoutMs));
