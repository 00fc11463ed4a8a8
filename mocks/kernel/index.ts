/**
 * The mock kernel: turns a provider definition (mocks/<provider>) into a running HTTP mock whose routing,
 * validation and control surface come from the provider's spec. See types.ts for the contract.
 */
import { createServer, STATUS_CODES, type RequestListener, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { ConformanceError } from '../../src/errors';
import { CONTROL_PREFIX } from './control';
import { createMockInstance } from './instance';
import type { MockOptions, ProviderMockDefinition, RunningMock, StartOptions } from './types';

export { createClock } from './clock';
export { CONTROL_PREFIX } from './control';
export { GENERIC, GENERIC_FAULTS } from './generic-faults';
export type * from './types';

/** A node:http request listener serving the definition (the control surface included). */
export function createMockListener<S>(def: ProviderMockDefinition<S>, opts: MockOptions = {}): RequestListener {
  return createMockInstance(def, opts).listener;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** The host as it goes in a URL: an unspecified address becomes loopback, IPv6 gets brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Starts the definition on a port (0, the default, picks a free one). A port in use is a ConformanceError naming it. */
export async function startMock<S>(def: ProviderMockDefinition<S>, opts: StartOptions = {}): Promise<RunningMock<S>> {
  const instance = createMockInstance(def, opts);
  const host = opts.host ?? '127.0.0.1';
  const server = createServer(instance.listener);
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => answerClientError(def, err, socket));
  try {
    await listen(server, opts.port ?? 0, host);
  } catch (err) {
    const inUse = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
    const what = inUse ? `port ${opts.port} on ${host} is already in use` : `it could not listen on ${host}:${opts.port ?? 0} (${(err as Error).message})`;
    throw new ConformanceError('CONFIG_INVALID', `The ${def.provider} mock (${instance.environment}) cannot start: ${what}. Stop what uses it or pick another port.`, { cause: err });
  }
  const origin = `http://${urlHost(host)}:${(server.address() as AddressInfo).port}`;
  return {
    provider: def.provider,
    environment: instance.environment,
    baseUrl: origin + instance.basePath,
    controlUrl: origin + CONTROL_PREFIX,
    state: instance.state,
    credentials: instance.credentials,
    clock: instance.clock,
    enableFaults: instance.enableFaults,
    reset: instance.reset,
    drift: instance.drift,
    close: () => close(server),
  };
}

/**
 * The path of the request line Node's parser received before it gave up ("/oauth/token" of "POST /oauth/token?x HTTP/1.1"),
 * so the provider can answer in the error shape of that path (Synheart's OAuth endpoints answer RFC 6749 errors).
 */
function requestLinePath(raw: Buffer | undefined): string | undefined {
  if (!raw) return undefined;
  const end = raw.indexOf('\r\n');
  const line = raw.subarray(0, end < 0 ? raw.length : end).toString('latin1');
  const target = /^[A-Za-z]+ (\/\S*) HTTP\/1\.[01]$/.exec(line)?.[1];
  return target?.split('?', 1)[0];
}

/**
 * Requests Node's HTTP parser refuses before the mock sees them (headers too large, control characters, broken
 * framing) are answered with the provider's own invalid-request error, not Node's bare 400/431.
 */
function answerClientError<S>(def: ProviderMockDefinition<S>, err: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const { status, code } = def.rejection('invalid_request');
  const what = err.code === 'HPE_HEADER_OVERFLOW' ? 'The request headers are too large' : 'The request could not be parsed (malformed headers or framing)';
  const origin = err.code === 'HPE_HEADER_OVERFLOW' ? 'headers' : 'request';
  const location = requestLinePath((err as NodeJS.ErrnoException & { rawPacket?: Buffer }).rawPacket);
  const body = JSON.stringify(def.errorBody(status, code, `${what}.`, location === undefined ? { origin } : { location, origin }));
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}
