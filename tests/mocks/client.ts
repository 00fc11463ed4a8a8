/**
 * The plain-fetch client of the mocks' own tests, shared by every provider's helpers: call an operation of a
 * provider's spec by operationId against a running instance (paths come from the spec, never typed by hand),
 * drive its control surface, and check that it never answered outside its spec. Imports nothing of the providers'
 * helpers, which build on it.
 */
import { expect } from '@playwright/test';
import type { RunningMock } from '../../mocks/kernel/types';
import { fillPathTemplate, type Spec } from '../../src/openapi';

export interface CallOptions {
  pathParams?: Record<string, string>;
  /** Object (arrays repeat the key) or a raw query string ("types=activity&types=sleep"). */
  query?: Record<string, string | number | boolean | string[]> | string;
  headers?: Record<string, string>;
  json?: unknown;
  /** A raw body, sent as is with the content-type given in headers. */
  body?: string;
}

export interface Answer {
  operationId: string;
  status: number;
  headers: Headers;
  contentType: string | null;
  text: string;
  json: any;
}

/** Where a call goes: a running instance, or anything else with the base URL of the provider's API. */
export interface Target {
  baseUrl: string;
}

export function queryString(query: CallOptions['query']): string {
  if (query === undefined) return '';
  if (typeof query === 'string') return query ? `?${query}` : '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, String(item));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** The JSON of a body text, or undefined when it is empty or not JSON. */
export function parseJson(text: string): any {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** Calls an operation of the spec by operationId against a running instance. */
export async function callOperation(spec: Spec, mock: Target, operationId: string, opts: CallOptions = {}): Promise<Answer> {
  const op = spec.operation(operationId);
  const url = mock.baseUrl + fillPathTemplate(op.path, opts.pathParams ?? {}) + queryString(opts.query);
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  let body = opts.body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['content-type'] ??= 'application/json';
  }
  return readAnswer(operationId, await fetch(url, { method: op.method.toUpperCase(), headers, body }));
}

/** The whole answer to a request of an operation (sent by hand when the test breaks what callOperation sends). */
export async function readAnswer(operationId: string, res: Response): Promise<Answer> {
  const text = await res.text();
  return { operationId, status: res.status, headers: res.headers, contentType: res.headers.get('content-type'), text, json: parseJson(text) };
}

/** POST /__control/<action>; fails the test unless the mock accepted it, and returns its JSON answer. */
export async function control(mock: { controlUrl: string }, action: string, body: Record<string, unknown> = {}): Promise<any> {
  const res = await fetch(`${mock.controlUrl}/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  expect(res.status, `control ${action}: ${text}`).toBeLessThan(300);
  return parseJson(text);
}

/** Every response this instance sent validated against the spec. */
export function expectNoDrift(mock: RunningMock<unknown>): void {
  expect(mock.drift()).toEqual([]);
}
