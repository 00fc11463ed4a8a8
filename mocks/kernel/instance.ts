/**
 * One mock instance: a provider definition serving one environment, as a node:http request listener.
 * Everything the same for every provider happens here, derived from the spec: routing, body limit and parsing,
 * request validation, the handler call (a throw becomes the provider's 400, never a 5xx), fault transforms,
 * response validation (drift) and the control surface.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { runChecks } from '../../src/checks';
import { ConformanceError } from '../../src/errors';
import { findResponse, type OperationInfo } from '../../src/openapi';
import { DEFAULT_MAX_BODY_BYTES, interpretBody, lenientBody, readBody, type ReceivedBody } from './body';
import { createClock } from './clock';
import { logExchangeTo } from './exchange-log';
import { BUILT_IN_ENDPOINTS, controlEndpoint, serveControl, type Controllable } from './control';
import { createFaultRegistry, type FaultRegistry } from './faults';
import { documentedSuccess, GENERIC, genericFaultsFor } from './generic-faults';
import { createRouter, type Route, type Router } from './router';
import type { Clock, DriftEntry, KernelRejection, MockContext, MockOptions, MockRequest, MockResponse, ProviderMockDefinition, RejectionDetails } from './types';
import { groupProblems, requestProblems } from './validate-request';
import { observed, toWire, writeWire, type Wire } from './wire';

export interface MockInstance<S> {
  provider: string;
  environment: string;
  basePath: string;
  listener: RequestListener;
  clock: Clock;
  faults: FaultRegistry;
  state(): S;
  credentials(): Record<string, string>;
  enableFaults(names: string[]): void;
  reset(): void;
  drift(): DriftEntry[];
}

const isSuccess = (res: MockResponse) => res.status >= 200 && res.status < 300;
const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** startMock refuses a definition whose handlers do not cover the spec exactly, or whose actions shadow built-ins. */
function assertDefinitionComplete<S>(def: ProviderMockDefinition<S>): void {
  const missing = [...def.spec.operations.values()].filter((op) => typeof def.handlers[op.operationId] !== 'function');
  if (missing.length) {
    const list = missing.map((op) => `${op.operationId} (${op.method.toUpperCase()} ${op.path})`).join(', ');
    throw new ConformanceError('CONFIG_INVALID', `The ${def.provider} mock has no handler for ${list}. Add one per operationId of the spec to its handlers.`);
  }
  const extra = Object.keys(def.handlers).filter((id) => !def.spec.operations.has(id));
  if (extra.length) throw new ConformanceError('CONFIG_INVALID', `The ${def.provider} mock has handlers for ${extra.join(', ')}, which the spec does not define. Remove them or add the operations to the spec.`);
  const shadowing = Object.keys(def.control ?? {}).filter((name) => (BUILT_IN_ENDPOINTS as readonly string[]).includes(name));
  if (shadowing.length) throw new ConformanceError('CONFIG_INVALID', `The ${def.provider} mock's control actions ${shadowing.join(', ')} would shadow the built-in endpoints; rename them.`);
}

function splitUrl(url: string): { path: string; search: string } {
  const q = url.indexOf('?');
  return q < 0 ? { path: url, search: '' } : { path: url.slice(0, q), search: url.slice(q + 1) };
}

function headerRecord(req: IncomingMessage): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]));
}

/** Every given credential must be one the mock prints, and the mock must have taken it (a provider mock that ignores one is a defect). */
function assertCredentialsTaken<S>(def: ProviderMockDefinition<S>, state: S, given: Record<string, string>, environment: string): void {
  const printed = def.credentials(state);
  for (const [name, value] of Object.entries(given)) {
    if (!Object.hasOwn(printed, name)) {
      throw new ConformanceError('CONFIG_INVALID', `The ${def.provider} mock (${environment}) has no credential ${name}; it takes ${Object.keys(printed).join(', ')}.`);
    }
    if (printed[name] !== value) throw new ConformanceError('CONFIG_INVALID', `The ${def.provider} mock (${environment}) did not take the given ${name}; mocks/${def.provider} must apply it in createState.`);
  }
}

export function createMockInstance<S>(def: ProviderMockDefinition<S>, opts: MockOptions = {}): MockInstance<S> {
  assertDefinitionComplete(def);
  const environment = opts.environment ?? 'sandbox';
  const seed = opts.seed ?? 1;
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = opts.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const router: Router = createRouter(def.spec, environment);
  const basePath = router.basePath;
  const clock = createClock();
  const faults = createFaultRegistry(def.provider, [...def.faults, ...genericFaultsFor(def.provider, def.genericFaultBreaks)]);
  const drift: DriftEntry[] = [];
  const givenCredentials = { ...opts.credentials };
  const newState = (): S => def.createState({ seed, clock, environment, credentials: givenCredentials });
  let state = newState();
  assertCredentialsTaken(def, state, givenCredentials, environment);

  const label = `[mock ${def.provider} ${environment}]`;

  /**
   * The provider's answer to a kernel rejection. For a request routed to an operation it is a status that operation
   * documents: when the provider's status for this kind is not among them (Synheart's 413 on an OAuth endpoint that
   * documents only 400), the provider's invalid_request answer is used instead, if that one is documented.
   */
  function reject(kind: KernelRejection, message: string, details: RejectionDetails, headers?: Record<string, string>, op?: OperationInfo): MockResponse {
    let { status, code } = def.rejection(kind);
    if (op && !findResponse(op, status)) {
      const fallback = def.rejection('invalid_request');
      if (findResponse(op, fallback.status)) ({ status, code } = fallback);
    }
    return { status, headers, body: def.errorBody(status, code, message, details) };
  }

  function context(req: MockRequest): MockContext<S> {
    return {
      req,
      state,
      clock,
      faults,
      environment,
      spec: def.spec,
      basePath,
      error: (status, code, message, details) => ({ status, body: def.errorBody(status, code, message, details) }),
    };
  }

  /** Runs the handler on a request that failed the request checks (generic.accept-invalid-request). */
  async function acceptInvalid(ctx: MockContext<S>): Promise<MockResponse> {
    ctx.req.body ??= lenientBody(ctx.req.rawBody);
    const answer = await Promise.resolve()
      .then(() => def.handlers[ctx.req.op.operationId]!(ctx))
      .catch(() => undefined);
    return answer && isSuccess(answer) ? answer : documentedSuccess(ctx.req.op);
  }

  /** The answer before faults: a kernel rejection, or the handler's (which may throw). */
  async function decide(ctx: MockContext<S>, received: ReceivedBody): Promise<MockResponse> {
    const { req } = ctx;
    const location = basePath + req.path;
    if (received.tooLarge) return reject('payload_too_large', `The request body is larger than ${maxBodyBytes} bytes; send at most ${maxBodyBytes} bytes.`, { location, origin: 'body' }, undefined, req.op);
    const lenient = faults.has(GENERIC.acceptInvalidRequest);
    const outcome = interpretBody(req.op, req.headers['content-type'], req.rawBody);
    if (outcome.kind !== 'ok') {
      if (lenient) return acceptInvalid(ctx);
      return reject(outcome.kind, outcome.message, { location, origin: outcome.kind === 'malformed_json' ? 'body' : 'Content-Type' }, undefined, req.op);
    }
    req.body = outcome.body;
    const problems = requestProblems(def.spec, req, outcome.media);
    if (problems.length) {
      if (lenient) return acceptInvalid(ctx);
      const message = `The request does not match the ${def.provider} spec: ${problems.map((p) => p.message).join('; ')}.`;
      return reject('invalid_request', message, { location, origin: problems[0]!.origin, errors: groupProblems(problems) }, undefined, req.op);
    }
    return def.handlers[req.op.operationId]!(ctx);
  }

  async function applyFaults(res: MockResponse, ctx: MockContext<S>): Promise<MockResponse> {
    let out = res;
    for (const fault of faults.transformsFor(ctx.req.op.operationId)) out = await fault.transform!(out, ctx as MockContext<unknown>);
    return out;
  }

  /** The wire answer of a routed request; a throw anywhere becomes the provider's invalid_request (and drift). */
  async function answer(ctx: MockContext<S>, received: ReceivedBody): Promise<Wire> {
    try {
      return toWire(await applyFaults(await decide(ctx, received), ctx));
    } catch (err) {
      const { op, path } = ctx.req;
      log(`${label} Answering ${op.operationId} threw (in its handler or a fault transform); answering the provider's invalid_request instead. ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      const wire = toWire(reject('invalid_request', `The mock could not handle this ${op.operationId} request (${errorMessage(err)}).`, { location: basePath + path, origin: 'mock' }));
      drift.push({ operationId: op.operationId, status: wire.status, messages: [`The handler threw: ${errorMessage(err)}`] });
      return wire;
    }
  }

  function recordDrift(req: MockRequest, wire: Wire): void {
    const failures = runChecks({ spec: def.spec, op: req.op, request: { method: req.method, url: basePath + req.path }, response: observed(wire), strict: true });
    if (failures.length) drift.push({ operationId: req.op.operationId, status: wire.status, messages: failures.map((f) => `${f.check} ${f.title}. ${f.message.replace(/\n/g, '. ')}`) });
  }

  /** `relative`: the path below the operation's server path; `location`: the whole request path. */
  async function serveOperation(req: IncomingMessage, res: ServerResponse, route: Route, relative: string, location: string, search: string): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    if (route.kind === 'not_found') {
      return writeWire(res, toWire(reject('not_found', `No operation of the ${def.provider} API matches ${method} ${location}; see the spec's paths under ${basePath || '/'}.`, { location, origin: 'path' })));
    }
    if (route.kind === 'method_not_allowed') {
      const allow = route.allow.join(', ');
      return writeWire(res, toWire(reject('method_not_allowed', `${location} does not take ${method}; it takes ${allow}.`, { location, origin: 'method' }, { allow })));
    }
    const received = await readBody(req, maxBodyBytes);
    const request: MockRequest = { method, path: relative, pathParams: route.pathParams, query: new URLSearchParams(search), headers: headerRecord(req), body: undefined, rawBody: received.data, op: route.op };
    const wire = await answer(context(request), received);
    if (received.tooLarge) wire.headers.connection = 'close';
    if (opts.validateResponses) recordDrift(request, wire);
    writeWire(res, wire);
  }

  function notFoundOutside(res: ServerResponse, method: string, path: string): void {
    writeWire(res, toWire(reject('not_found', `${method} ${path} is outside the ${def.provider} API, which is served under ${basePath || '/'} (and the control surface under /__control).`, { location: path, origin: 'path' })));
  }

  function reset(): void {
    clock.reset();
    state = newState();
    faults.enable([]);
  }

  const controllable: Controllable<S> = {
    provider: def.provider,
    environment,
    basePath,
    clock,
    faults,
    state: () => state,
    credentials: () => def.credentials(state),
    summary: () => def.summarize?.(state),
    reset,
    driftCount: () => drift.length,
    actions: def.control ?? {},
    maxBodyBytes,
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (opts.exchangeLog) logExchangeTo(opts.exchangeLog, { provider: def.provider, environment }, req, res);
    const { path, search } = splitUrl(req.url ?? '/');
    const endpoint = controlEndpoint(path);
    if (endpoint !== undefined) return serveControl(controllable, req, res, endpoint);
    const method = (req.method ?? 'GET').toUpperCase();
    const own = router.routeOwnServer(method, path);
    if (own) return serveOperation(req, res, own, own.relative, path, search);
    const relative = router.relative(path);
    if (relative === undefined) return notFoundOutside(res, method, path);
    return serveOperation(req, res, router.route(method, relative), relative, basePath + relative, search);
  }

  /** Last resort for a kernel failure: a plain 400, logged, never a 5xx. */
  function failSafe(res: ServerResponse, err: unknown): void {
    log(`${label} The mock kernel failed on a request: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    drift.push({ operationId: '(kernel)', status: 400, messages: [`The mock kernel failed: ${errorMessage(err)}`] });
    if (res.headersSent) return void res.destroy();
    const text = JSON.stringify({ error: 'mock_failure', message: `The ${def.provider} mock failed on this request (${errorMessage(err)}).` });
    res.writeHead(400, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  return {
    provider: def.provider,
    environment,
    basePath,
    listener: (req, res) => void handle(req, res).catch((err: unknown) => failSafe(res, err)),
    clock,
    faults,
    state: () => state,
    credentials: () => def.credentials(state),
    enableFaults: (names) => faults.enable(names),
    reset,
    drift: () => drift.map((d) => ({ ...d, messages: [...d.messages] })),
  };
}
