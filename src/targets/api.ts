/**
 * The spec-aware caller: scenarios and generated checks name operations by operationId, never by path.
 * It fills the path template, joins the target's base URL, adds credentials, and enforces the production
 * target's read-only rule itself, so no test has to remember it.
 */
import { ConformanceError } from '../errors';
import { fillPathTemplate, type OperationInfo, type Spec } from '../openapi';
import type { HttpClient, HttpRequest, HttpResponse } from '../http';
import type { Environment, ProviderTarget } from './index';

export interface CallOptions {
  pathParams?: Record<string, string | number>;
  query?: HttpRequest['query'];
  headers?: Record<string, string>;
  json?: unknown;
  body?: string | Buffer;
  /** Credential headers (from the provider adapter). */
  auth?: Record<string, string>;
  /** Call another environment's instance (mock target only: Sahha runs sandbox and production). */
  environment?: Environment;
  label?: string;
  timeoutMs?: number;
  /** Per-call retry policy (`{maxRetries: 0}` to see a 429 as it came). */
  retry?: HttpRequest['retry'];
}

export interface ApiResult extends HttpResponse {
  op: OperationInfo;
}

export class ProductionGuardError extends ConformanceError {
  constructor(readonly operationId: string) {
    super(
      'REQUEST_REFUSED',
      `Refused to call ${operationId} on the production target: the spec does not mark it safe for production (x-conformance.production is false, or it mutates state). The production target is read-only.`,
    );
  }
}

export class ApiClient {
  constructor(
    readonly spec: Spec,
    readonly target: ProviderTarget,
    private readonly http: HttpClient,
    /** Told of every answered call: the coverage of operation x status is built from these. */
    private readonly onCall?: (call: { operationId: string; status: number }) => void,
    /** Told of every answer with its request (in memory only): what a run created is recorded from these for its clean-up. */
    private readonly onAnswer?: (op: OperationInfo, request: CallOptions, response: HttpResponse) => void | Promise<void>,
  ) {}

  /** The production guard: throws before anything is sent. */
  assertAllowed(op: OperationInfo): void {
    if (this.target.target === 'production' && (!op.conformance.production || op.conformance.mutates)) {
      throw new ProductionGuardError(op.operationId);
    }
  }

  baseUrlFor(environment?: Environment): string {
    if (!environment || environment === this.target.environment) return this.target.baseUrl;
    const url = this.target.baseUrls?.[environment];
    if (!url) throw new ConformanceError('BAD_ARGUMENTS', `No ${environment} instance of ${this.spec.provider} on the ${this.target.target} target.`);
    return url;
  }

  url(operationId: string, pathParams: Record<string, string | number> = {}, environment?: Environment): string {
    const op = this.spec.operation(operationId);
    const base = this.spec.operationBase(op, this.baseUrlFor(environment), environment ?? this.target.environment);
    return base + fillPathTemplate(op.path, pathParams);
  }

  async call(operationId: string, opts: CallOptions = {}): Promise<ApiResult> {
    const op = this.spec.operation(operationId);
    this.assertAllowed(op);
    const response = await this.http.send({
      method: op.method.toUpperCase(),
      url: this.url(operationId, opts.pathParams, opts.environment),
      headers: { ...(opts.auth ?? {}), ...(opts.headers ?? {}) },
      query: opts.query,
      json: opts.json,
      body: opts.body,
      label: opts.label ?? operationId,
      timeoutMs: opts.timeoutMs,
      retry: opts.retry,
    });
    this.onCall?.({ operationId, status: response.status });
    await this.onAnswer?.(op, opts, response);
    return { ...response, op };
  }
}
