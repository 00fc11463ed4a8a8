/**
 * Fixtures of the HTTP layer's tests: local servers on 127.0.0.1 with a free port (never any other host), and
 * clients with their own Redactor, all closed after each test.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test as base } from '@playwright/test';
import { createHttpClient, Redactor, type Exchange, type HttpClient, type HttpClientOptions } from '../../../src/http';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** performance.now() when the request arrived. */
  at: number;
}

export interface TestServer {
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** `handle` answers each request; `index` counts from 0. */
export type Handle = (req: ReceivedRequest, res: http.ServerResponse, index: number) => void;

export async function startServer(handle: Handle): Promise<TestServer> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: performance.now() };
      requests.push(received);
      handle(received, res, requests.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Drops the connection without answering (the client sees a network error). */
export function hangUp(res: http.ServerResponse): void {
  res.socket?.destroy();
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ClientUnderTest {
  http: HttpClient;
  redactor: Redactor;
  /** Every exchange handed to onExchange. */
  exchanges: Exchange[];
}

export const test = base.extend<{
  serve: (handle: Handle) => Promise<TestServer>;
  client: (options?: HttpClientOptions) => ClientUnderTest;
}>({
  serve: async ({}, use) => {
    const servers: TestServer[] = [];
    await use(async (handle) => {
      const server = await startServer(handle);
      servers.push(server);
      return server;
    });
    await Promise.all(servers.map((s) => s.close()));
  },
  client: async ({}, use) => {
    const clients: HttpClient[] = [];
    await use((options = {}) => {
      const redactor = new Redactor();
      const exchanges: Exchange[] = [];
      const http = createHttpClient({ ...options, onExchange: (e) => exchanges.push(e) }, redactor);
      clients.push(http);
      return { http, redactor, exchanges };
    });
    await Promise.all(clients.map((c) => c.close()));
  },
});

export { expect } from '@playwright/test';
