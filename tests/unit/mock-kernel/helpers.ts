/**
 * Shared by the mock kernel's unit tests: two tiny provider definitions over fixture specs (mini, and the
 * routing fixture), and plain HTTP helpers (fetch, and a raw socket for what fetch cannot send or see).
 */
import * as net from 'node:net';
import * as path from 'node:path';
import { startMock } from '../../../mocks/kernel';
import type { KernelRejection, MockRequest, MockResponse, OperationHandler, ProviderMockDefinition, RunningMock, StartOptions } from '../../../mocks/kernel/types';
import { loadSpec, PROJECT_ROOT, type ProviderName } from '../../../src/openapi';

const FIXTURES = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'specs');
/** The fixtures are not providers; the kernel only prints the name. */
const FIXTURE_PROVIDER = 'mini' as ProviderName;

export interface Item {
  id: string;
  score: number | null;
  createdAt?: string;
}

export interface MiniState {
  items: Map<string, Item>;
  created: number;
  seed: number;
}

/** What a test can see of a definition: requests its handlers got, and every errorBody call. */
export interface Seen {
  requests: MockRequest[];
  errors: { status: number; code: string; message: string; details?: Record<string, unknown> }[];
}

export type MiniDefinition = ProviderMockDefinition<MiniState> & { seen: Seen };

const ok = (body: unknown, status = 200, headers?: Record<string, string>): MockResponse => ({ status, body, headers });

function seededItems(seed: number): Map<string, Item> {
  return new Map(
    [1, 2, 3].map((n) => {
      const item: Item = { id: `it_${n}`, score: ((seed * 7 + n) % 10) / 10, createdAt: '2024-01-15T10:30:00Z' };
      return [item.id, item];
    }),
  );
}

const requestId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function miniHandlers(): Record<string, OperationHandler<MiniState>> {
  return {
    getItem: (ctx) => {
      const item = ctx.state.items.get(ctx.req.pathParams.id ?? '');
      return item ? ok(item) : ctx.error(404, 'not_found', `No item ${ctx.req.pathParams.id}.`);
    },
    deleteItem: (ctx) => {
      if (ctx.faults.has(MINI_FAULTS.deleteIgnored)) return { status: 204 };
      return ctx.state.items.delete(ctx.req.pathParams.id ?? '') ? { status: 204 } : ctx.error(404, 'not_found', 'No such item.');
    },
    listItems: (ctx) => {
      const items = [...ctx.state.items.values()];
      return ok(items.slice(0, Number(ctx.req.query.get('limit'))), 200, { 'X-Total-Count': String(items.length) });
    },
    createItem: (ctx) => {
      ctx.state.created += 1;
      const item: Item = { id: `it_new_${ctx.state.created}`, score: null, createdAt: ctx.clock.nowDate().toISOString() };
      if (ctx.req.query.get('dryRun') !== 'true') ctx.state.items.set(item.id, item);
      return ok(item, 201, { Location: `https://sandbox.mini.test/v1/items/${item.id}`, 'X-Request-Id': requestId(ctx.state.created) });
    },
    getHealth: () => ({ status: 200, raw: { contentType: 'text/plain', data: 'ok' } }),
  };
}

/** Routing misses keep their HTTP status; everything else wrong with a request is the documented 400. */
function rejection(kind: KernelRejection): { status: number; code: string } {
  if (kind === 'not_found') return { status: 404, code: kind };
  if (kind === 'method_not_allowed') return { status: 405, code: kind };
  return { status: 400, code: kind };
}

function recordingErrorBody(seen: Seen, shape: (code: string, message: string) => unknown) {
  return (status: number, code: string, message: string, details?: Record<string, unknown>) => {
    seen.errors.push({ status, code, message, details });
    return shape(code, message);
  };
}

/** Wraps every handler so the requests it got are recorded. */
function recording<S>(seen: Seen, handlers: Record<string, OperationHandler<S>>): Record<string, OperationHandler<S>> {
  return Object.fromEntries(
    Object.entries(handlers).map(([id, h]) => [
      id,
      (ctx: Parameters<OperationHandler<S>>[0]) => {
        seen.requests.push(ctx.req);
        return h(ctx);
      },
    ]),
  );
}

export const MINI_FAULTS = {
  scoreOutOfRange: 'mini.score-out-of-range',
  deleteIgnored: 'mini.delete-ignored',
};

export type MiniOverrides = Omit<Partial<ProviderMockDefinition<MiniState>>, 'handlers'> & {
  /** Replace default handlers; `undefined` removes one. */
  handlers?: Record<string, OperationHandler<MiniState> | undefined>;
};

function mergeHandlers(overrides: MiniOverrides['handlers'] = {}): Record<string, OperationHandler<MiniState>> {
  const merged: Record<string, OperationHandler<MiniState> | undefined> = { ...miniHandlers(), ...overrides };
  return Object.fromEntries(Object.entries(merged).filter((e): e is [string, OperationHandler<MiniState>] => e[1] !== undefined));
}

/** A provider over tests/fixtures/specs/mini.openapi.yaml. */
export async function miniDefinition(overrides: MiniOverrides = {}): Promise<MiniDefinition> {
  const seen: Seen = { requests: [], errors: [] };
  const { handlers: handlerOverrides, ...rest } = overrides;
  const handlers = mergeHandlers(handlerOverrides);
  const def: ProviderMockDefinition<MiniState> = {
    provider: FIXTURE_PROVIDER,
    spec: await loadSpec('mini', path.join(FIXTURES, 'mini.openapi.yaml')),
    createState: ({ seed }) => ({ items: seededItems(seed), created: 0, seed }),
    handlers,
    errorBody: recordingErrorBody(seen, (code, message) => ({ error: code, message })),
    rejection,
    faults: [
      {
        name: MINI_FAULTS.scoreOutOfRange,
        description: 'Item scores are answered as 2, outside 0..1.',
        breaks: ['GEN-SCHEMA'],
        operations: ['getItem'],
        transform: (res) => (res.status === 200 ? { ...res, body: { ...(res.body as Item), score: 2 } } : res),
      },
      { name: MINI_FAULTS.deleteIgnored, description: 'Deleting answers 204 and deletes nothing.', breaks: ['MINI-DEL-1'] },
    ],
    control: {
      'add-item': (state, body) => {
        if (typeof body.id !== 'string') throw new Error('add-item needs {"id": "<string>"}.');
        state.items.set(body.id, { id: body.id, score: 0 });
        return { items: state.items.size };
      },
    },
    summarize: (state) => ({ items: state.items.size, created: state.created }),
    credentials: () => ({ MINI_API_KEY: 'mk_sandbox_mock_0001' }),
    ...rest,
  };
  return { ...def, handlers: recording(seen, def.handlers), seen };
}

export interface RoutingState {
  names: Map<number, string>;
}

export type RoutingDefinition = ProviderMockDefinition<RoutingState> & { seen: Seen };

/** A provider over tests/fixtures/specs/mock-kernel-routing.openapi.yaml (two servers, literal vs templated path). */
export async function routingDefinition(): Promise<RoutingDefinition> {
  const seen: Seen = { requests: [], errors: [] };
  const handlers: Record<string, OperationHandler<RoutingState>> = {
    searchThings: (ctx) => ok([...ctx.state.names].filter(([, name]) => name.includes(ctx.req.query.get('q') ?? '')).map(([id, name]) => ({ id, name }))),
    getThing: (ctx) => {
      const id = Number(ctx.req.pathParams.thingId);
      return ok({ id, name: ctx.state.names.get(id) ?? 'unknown' });
    },
    deleteThing: () => ({ status: 204 }),
    createThing: (ctx) => {
      const name = new URLSearchParams(ctx.req.rawBody.toString('utf8')).get('name') ?? '';
      const id = ctx.state.names.size + 1;
      ctx.state.names.set(id, name);
      return ok({ id, name }, 201);
    },
  };
  const def: ProviderMockDefinition<RoutingState> = {
    provider: 'routing' as ProviderName,
    spec: await loadSpec('routing', path.join(FIXTURES, 'mock-kernel-routing.openapi.yaml')),
    createState: () => ({ names: new Map([[7, 'lamp']]) }),
    handlers: recording(seen, handlers),
    errorBody: recordingErrorBody(seen, (code, message) => ({ code, detail: message })),
    rejection,
    faults: [],
    credentials: () => ({ ROUTING_KEY: 'rk_sandbox_mock_0001' }),
  };
  return { ...def, seen };
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: any;
}

export interface SendOptions {
  json?: unknown;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

/** Sends a request to `base + path` and reads the whole answer. */
export async function send(base: string, method: string, path: string, opts: SendOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  let body = opts.body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: Object.fromEntries(res.headers), text, json };
}

/** Writes raw bytes to the mock's port and returns everything it answers until it closes the connection. */
export function rawExchange(mock: RunningMock<unknown>, request: string | Buffer): Promise<string> {
  const url = new URL(mock.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname);
    let out = '';
    socket.on('data', (d: Buffer) => (out += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(out));
    socket.write(request);
  });
}

/** Status, lower-case headers and body of a raw HTTP/1.1 answer. */
export function parseRaw(raw: string): { status: number; headers: Record<string, string>; body: string } {
  const [head = '', body = ''] = raw.split('\r\n\r\n', 2);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

export function startMini(def: MiniDefinition, opts: StartOptions = {}): Promise<RunningMock<MiniState>> {
  return startMock(def, { validateResponses: true, log: () => {}, ...opts });
}
