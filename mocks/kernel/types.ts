/**
 * Contract of the mock kernel (mocks/kernel) and of each provider mock (mocks/<provider>).
 *
 * The kernel owns everything that is the same for every provider and derives it from the provider's spec:
 * routing (path templates + methods from `paths`), request validation (parameters and JSON body against the
 * spec's schemas), body parsing and size limit, the control surface, the clock, fault modifiers, and
 * turning any thrown error into the provider's own error body (never a 5xx).
 * A provider mock supplies its state, one handler per operationId, its error body and its own faults.
 */
import type { OperationInfo, ProviderName, Spec } from '../../src/openapi';

/** A clock the control surface can move. Every expiry in a mock reads this, never Date.now(). */
export interface Clock {
  now(): number;
  nowDate(): Date;
  /** Moves time forward (the control surface's POST /__control/clock {advanceSeconds}). */
  advance(seconds: number): void;
  reset(): void;
  /** How far the clock has been moved, in seconds (0 after reset). */
  offsetSeconds(): number;
}

export interface MockRequest {
  method: string;
  /** Path relative to the provider's base path (the path of the spec's server URL), as in the spec. */
  path: string;
  pathParams: Record<string, string>;
  /** Every query value as received; repeated keys give several values. */
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  /** Parsed JSON body (undefined when there is none). */
  body: unknown;
  rawBody: Buffer;
  op: OperationInfo;
}

export interface MockResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON body; omitted for 204. */
  body?: unknown;
  /** Raw body and its content type, for non-JSON answers. */
  raw?: { contentType: string; data: string | Buffer };
}

/** A named fault modifier: breaks exactly one promise, so a self-test can show the matching check fails. */
export interface FaultDefinition {
  /** Stable name, "<provider>.<what-breaks>" or "generic.<what-breaks>" ("sonar.mobile-token-reusable"). */
  name: string;
  description: string;
  /** The check or catalog IDs this fault must make fail ("GEN-SCHEMA", "SON-TOK-5"). */
  breaks: string[];
  /**
   * Optional response transform run by the kernel on every response of the operations it targets;
   * faults without one are read by handlers with ctx.faults.has(name).
   */
  transform?: (res: MockResponse, ctx: MockContext<unknown>) => MockResponse;
  /** Only these operationIds are affected by `transform` (all when omitted). */
  operations?: string[];
  /**
   * Whether the fault can change anything for a provider's spec (a fault that drops documented success headers
   * cannot, for a spec that documents none). Omitted means it always applies.
   */
  appliesTo?: (spec: Spec) => boolean;
}

export interface FaultSet {
  has(name: string): boolean;
  enabled(): string[];
}

export interface MockContext<S> {
  req: MockRequest;
  state: S;
  /** The provider's spec (what the kernel routes and validates with). */
  spec: Spec;
  /** Path of the spec server this instance serves ("/api/v1"); `basePath + req.path` is the full request path. */
  basePath: string;
  clock: Clock;
  faults: FaultSet;
  /** "sandbox" or "production" (what this instance is serving). */
  environment: string;
  /** Builds an error response in the provider's own error shape. */
  error(status: number, code: string, message: string, details?: Record<string, unknown>): MockResponse;
}

export type OperationHandler<S> = (ctx: MockContext<S>) => MockResponse | Promise<MockResponse>;

/** Kernel-level rejections the provider maps to its documented error (status, code). */
export type KernelRejection =
  | 'not_found' // no path matches
  | 'method_not_allowed' // path matches, method does not
  | 'malformed_json'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'invalid_request'; // parameters or body violate the spec

/**
 * What the kernel passes as `details` when it rejects a request itself (KernelRejection), so that a provider can
 * place it in its own error body: the full request path, what is at fault, and (invalid_request) one entry per
 * value that failed validation with its readable messages ("query.types[1] must be one of ...").
 */
export interface RejectionDetails extends Record<string, unknown> {
  location: string;
  /** "body", "Content-Type", "query.limit", "header X-Request-Id", "path.id", "method". */
  origin: string;
  errors?: { origin: string; errors: string[] }[];
}

/** A provider-specific control action: POST /__control/<name> with a JSON body; returns JSON. */
export type ControlAction<S> = (state: S, body: Record<string, unknown>, ctx: { clock: Clock; environment: string }) => unknown;

export interface ProviderMockDefinition<S> {
  provider: ProviderName;
  spec: Spec;
  /** Creates fresh state (deterministic for a seed). Called at start and on POST /__control/reset. */
  createState(opts: { seed: number; clock: Clock; environment: string; credentials: Readonly<Record<string, string>> }): S;
  /** One handler per operationId of the spec; the kernel refuses to start if one is missing. */
  handlers: Record<string, OperationHandler<S>>;
  /** The provider's error body for a status and code. */
  errorBody(status: number, code: string, message: string, details?: Record<string, unknown>): unknown;
  /** How kernel-level rejections are answered (status and code), in this provider's documented terms. */
  rejection(kind: KernelRejection): { status: number; code: string };
  faults: FaultDefinition[];
  control?: Record<string, ControlAction<S>>;
  /** Credentials a person can use against this mock (printed by `npm run mock`). Fake by construction. */
  credentials(state: S): Record<string, string>;
  /** Optional summary of the state for GET /__control/state (fake values only). */
  summarize?(state: S): unknown;
  /**
   * Catalog IDs of this provider that a generic fault also breaks, by fault name
   * ({"generic.error-shape-changed": ["SON-ERR-1"]}); added to that fault's `breaks`.
   */
  genericFaultBreaks?: Record<string, string[]>;
}

export interface MockOptions {
  /** Which server of the spec this instance serves ("sandbox" | "production"). Default "sandbox". */
  environment?: string;
  seed?: number;
  /** Largest accepted request body in bytes (413 beyond). Default 1 MiB. */
  maxBodyBytes?: number;
  /** Validate every response against the spec and record drift (on in the project's tests). */
  validateResponses?: boolean;
  /** Where the kernel reports handler crashes (one line each). Default: stderr. */
  log?: (line: string) => void;
  /**
   * Credentials to use instead of the generated fake ones, by the names `credentials()` prints
   * ({"SONAR_API_KEY": "sk_sandbox_..."}); kept across resets. A name the mock does not print is refused.
   */
  credentials?: Record<string, string>;
  /**
   * A file to which every answer (API and control surface) is appended as one JSON line
   * `{provider, environment, method, url, status, body}`, bodies unredacted: a test aid (request recording,
   * redaction audits), never a report.
   */
  exchangeLog?: string;
}

export interface StartOptions extends MockOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
}

/** One response that broke the spec, or a handler that threw (`messages` says which). */
export interface DriftEntry {
  operationId: string;
  status: number;
  messages: string[];
}

export interface RunningMock<S> {
  provider: ProviderName;
  environment: string;
  /** Base URL of the provider API, with the spec server's path ("http://127.0.0.1:4010/api/v1"). */
  baseUrl: string;
  /** Base URL of the control surface ("http://127.0.0.1:4010/__control"). */
  controlUrl: string;
  state(): S;
  /** def.credentials(state()): env-var name -> fake value. */
  credentials(): Record<string, string>;
  clock: Clock;
  /** Switches exactly these faults on (others off); an unknown name throws, listing the known ones. */
  enableFaults(names: string[]): void;
  /** Fresh state from the seed, clock back to start, faults off (the drift record is kept). */
  reset(): void;
  /** Responses that did not validate against the spec (when validateResponses is on) and handler crashes, oldest first. */
  drift(): DriftEntry[];
  close(): Promise<void>;
}
