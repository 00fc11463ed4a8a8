/**
 * The control surface under /__control (docs/ARCHITECTURE.md): reset, clock, faults, state and the provider's
 * actions. Never part of a provider spec; its errors are plain JSON `{error, message}`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from './body';
import type { FaultRegistry } from './faults';
import type { Clock, ControlAction } from './types';

export const CONTROL_PREFIX = '/__control';

/** What the control surface needs of an instance. */
export interface Controllable<S> {
  provider: string;
  environment: string;
  basePath: string;
  clock: Clock;
  faults: FaultRegistry;
  state(): S;
  credentials(): Record<string, string>;
  summary(): unknown;
  reset(): void;
  driftCount(): number;
  actions: Record<string, ControlAction<S>>;
  maxBodyBytes: number;
}

type Json = Record<string, unknown>;
type Answer = { status: number; body: unknown; headers?: Record<string, string> };

/** A refused control call: becomes `{error, message}` with its status. */
class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    /** The Allow header of a 405. */
    readonly allow?: string,
  ) {
    super(message);
  }
}

export const BUILT_IN_ENDPOINTS = ['reset', 'clock', 'faults', 'state'] as const;

function stringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function clockAnswer<S>(m: Controllable<S>): Json {
  return { now: m.clock.nowDate().toISOString(), offsetSeconds: m.clock.offsetSeconds() };
}

function advanceClock<S>(m: Controllable<S>, body: Json): Answer {
  const seconds = body.advanceSeconds;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    throw new ControlError(400, 'invalid_request', `POST ${CONTROL_PREFIX}/clock needs {"advanceSeconds": <number >= 0>}; got ${JSON.stringify(body)}.`);
  }
  m.clock.advance(seconds);
  return { status: 200, body: clockAnswer(m) };
}

function setFaults<S>(m: Controllable<S>, body: Json): Answer {
  if (!stringList(body.enable)) throw new ControlError(400, 'invalid_request', `POST ${CONTROL_PREFIX}/faults needs {"enable": [<fault names>]}; GET ${CONTROL_PREFIX}/faults lists them.`);
  try {
    m.faults.enable(body.enable);
  } catch (err) {
    throw new ControlError(400, 'unknown_fault', (err as Error).message);
  }
  return { status: 200, body: { enabled: m.faults.enabled() } };
}

function stateAnswer<S>(m: Controllable<S>): Answer {
  const summary = m.summary();
  return {
    status: 200,
    body: {
      provider: m.provider,
      environment: m.environment,
      basePath: m.basePath,
      clock: clockAnswer(m),
      faults: m.faults.enabled(),
      credentials: m.credentials(),
      drift: m.driftCount(),
      ...(summary === undefined ? {} : { summary }),
    },
  };
}

async function runAction<S>(m: Controllable<S>, name: string, body: Json): Promise<Answer> {
  try {
    const result = await m.actions[name]!(m.state(), body, { clock: m.clock, environment: m.environment });
    return { status: 200, body: result ?? {} };
  } catch (err) {
    throw new ControlError(400, 'action_failed', `${CONTROL_PREFIX}/${name} failed: ${(err as Error).message}`);
  }
}

function known<S>(m: Controllable<S>): string {
  return [...BUILT_IN_ENDPOINTS, ...Object.keys(m.actions)].join(', ');
}

/** Which methods an endpoint takes; undefined when there is no such endpoint. */
function methodsOf<S>(m: Controllable<S>, name: string): string[] | undefined {
  if (name === 'faults') return ['GET', 'POST'];
  if (name === 'state') return ['GET'];
  if (name === 'reset' || name === 'clock' || Object.hasOwn(m.actions, name)) return ['POST'];
  return undefined;
}

async function jsonBody<S>(m: Controllable<S>, req: IncomingMessage): Promise<Json> {
  const received = await readBody(req, m.maxBodyBytes);
  if (received.tooLarge) throw new ControlError(413, 'payload_too_large', `Control bodies are limited to ${m.maxBodyBytes} bytes.`);
  if (received.data.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(received.data.toString('utf8'));
  } catch (err) {
    throw new ControlError(400, 'malformed_json', `The control body is not valid JSON (${(err as Error).message}).`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ControlError(400, 'invalid_request', 'A control body must be a JSON object.');
  return parsed as Json;
}

async function dispatch<S>(m: Controllable<S>, req: IncomingMessage, name: string): Promise<Answer> {
  const method = (req.method ?? 'GET').toUpperCase();
  const methods = methodsOf(m, name);
  if (!methods) throw new ControlError(404, 'not_found', `There is no control endpoint "${name}". Known: ${known(m)}.`);
  if (!methods.includes(method)) {
    throw new ControlError(405, 'method_not_allowed', `${CONTROL_PREFIX}/${name} takes ${methods.join(' or ')}, not ${method}.`, methods.join(', '));
  }
  if (method === 'GET') return name === 'state' ? stateAnswer(m) : { status: 200, body: { enabled: m.faults.enabled(), faults: m.faults.list() } };
  const body = await jsonBody(m, req);
  if (name === 'reset') {
    m.reset();
    return { status: 200, body: { reset: true, ...clockAnswer(m) } };
  }
  if (name === 'clock') return advanceClock(m, body);
  if (name === 'faults') return setFaults(m, body);
  return runAction(m, name, body);
}

function send(res: ServerResponse, answer: Answer): void {
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.status, { ...answer.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Serves one control call; `name` is the path below /__control ("clock"). */
export async function serveControl<S>(m: Controllable<S>, req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
  try {
    send(res, await dispatch(m, req, name));
  } catch (err) {
    if (!(err instanceof ControlError)) throw err;
    send(res, { status: err.status, body: { error: err.error, message: err.message }, headers: err.allow ? { allow: err.allow } : undefined });
  }
}

/** The endpoint name of a control path ("/__control/clock" -> "clock"), or undefined outside the control surface. */
export function controlEndpoint(path: string): string | undefined {
  if (path === CONTROL_PREFIX || path === `${CONTROL_PREFIX}/`) return '';
  return path.startsWith(`${CONTROL_PREFIX}/`) ? decodeSafely(path.slice(CONTROL_PREFIX.length + 1).replace(/\/+$/, '')) : undefined;
}

function decodeSafely(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
