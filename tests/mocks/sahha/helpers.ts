/**
 * Helpers of the Sahha mock's own tests: start an instance, call operations by operationId with plain fetch,
 * mint tokens, and check the provider's error shape. Paths come from the spec, never typed by hand.
 */
import { expect } from '@playwright/test';
import { startMock } from '../../../mocks/kernel';
import type { RunningMock } from '../../../mocks/kernel/types';
import { definition, type SahhaState } from '../../../mocks/sahha';
import { fillPathTemplate, loadSpecSync } from '../../../src/spec';

export type Sahha = RunningMock<SahhaState>;
export type Environment = 'sandbox' | 'production';

export const spec = loadSpecSync('sahha');
export const SAMPLE = 'sample-profile-001';
export const OTHER_SAMPLE = 'sample-profile-002';
export const EMPTY_SAMPLE = 'sample-profile-new';
export const HOUR = 3600;
export const DAY = 24 * HOUR;

export function startSahha(environment: Environment = 'sandbox'): Promise<Sahha> {
  return definition().then((def) => startMock(def, { port: 0, validateResponses: true, environment }));
}

export interface CallOptions {
  pathParams?: Record<string, string>;
  /** Object (arrays repeat the key) or a raw query string ("types=activity&types=sleep"). */
  query?: Record<string, string | number | boolean | string[]> | string;
  headers?: Record<string, string>;
  json?: unknown;
  /** A raw body (sent as is, with the given content-type header). */
  body?: string;
}

export interface Answer {
  status: number;
  contentType: string | null;
  text: string;
  json: any;
}

function queryString(query: CallOptions['query']): string {
  if (query === undefined) return '';
  if (typeof query === 'string') return query ? `?${query}` : '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, String(item));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Calls an operation of the spec by operationId against a running instance. */
export async function call(mock: Sahha, operationId: string, opts: CallOptions = {}): Promise<Answer> {
  const op = spec.operation(operationId);
  const url = mock.baseUrl + fillPathTemplate(op.path, opts.pathParams ?? {}) + queryString(opts.query);
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  let body = opts.body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(url, { method: op.method.toUpperCase(), headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type'), text, json };
}

export const asAccount = (token: string) => ({ authorization: `account ${token}` });
export const asProfile = (token: string) => ({ authorization: `profile ${token}` });

export function clientCredentials(mock: Sahha) {
  const c = mock.state().credentials;
  return { clientId: c.clientId, clientSecret: c.clientSecret };
}

export async function accountToken(mock: Sahha): Promise<string> {
  const res = await call(mock, 'getAccountToken', { json: clientCredentials(mock) });
  expect(res.status, res.text).toBe(200);
  return res.json.accountToken as string;
}

export interface Grant {
  profileToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: string;
}

let registered = 0;
/** A fresh externalId nobody registered yet. */
export function newExternalId(prefix = 'user'): string {
  registered += 1;
  return `${prefix}-${process.pid}-${registered}`;
}

export async function registerProfile(mock: Sahha, externalId = newExternalId()): Promise<Grant & { externalId: string }> {
  const res = await call(mock, 'registerProfile', { headers: asAccount(await accountToken(mock)), json: { externalId } });
  expect(res.status, res.text).toBe(201);
  return { ...(res.json as Grant), externalId };
}

export async function profileToken(mock: Sahha, externalId = SAMPLE, extra: Record<string, unknown> = {}): Promise<Grant> {
  const res = await call(mock, 'getProfileToken', { headers: asAccount(await accountToken(mock)), json: { externalId, ...extra } });
  expect(res.status, res.text).toBe(200);
  return res.json as Grant;
}

/** The body is Sahha's error shape, with this status in it. */
export function expectErrorShape(res: Answer, status: number): void {
  expect(res.status, res.text).toBe(status);
  expect(res.contentType ?? '').toMatch(/^application\/json/);
  expect(spec.validators.validateComponent('Error', res.json, { undeclared: true }).map((d) => d.message)).toEqual([]);
  expect(res.json.statusCode).toBe(status);
}

/** The origins named by an error body ("query.types", "Authorization"). */
export function origins(res: Answer): string[] {
  return ((res.json?.errors ?? []) as { origin: string }[]).map((e) => e.origin);
}

/** A valid data log (DataLog schema). */
export function dataLog(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '9b2e4f6a-1c3d-4e5f-8a7b-6c5d4e3f2a1b',
    logType: 'activity',
    dataType: 'steps',
    value: 1250,
    unit: 'count',
    source: 'com.example.mock',
    recordingMethod: 'AUTOMATICALLY_RECORDED',
    deviceType: 'iPhone',
    deviceId: 'mock-device-0001',
    startDateTime: '2024-01-15T08:00:00Z',
    endDateTime: '2024-01-15T09:00:00Z',
    ...overrides,
  };
}

/** ISO instant `days` days before the mock's now. */
export function daysAgo(mock: Sahha, days: number): string {
  return new Date(mock.clock.now() - days * DAY * 1000).toISOString();
}

/** Every response this instance sent validated against the spec. */
export function expectNoDrift(mock: Sahha): void {
  expect(mock.drift()).toEqual([]);
}
