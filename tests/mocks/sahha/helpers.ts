/**
 * Helpers of the Sahha mock's own tests: start an instance, call operations by operationId with plain fetch,
 * mint tokens, and check the provider's error shape. Paths come from the spec, never typed by hand.
 */
import { expect } from '@playwright/test';
import { startMock } from '../../../mocks/kernel';
import type { RunningMock } from '../../../mocks/kernel/types';
import { definition, type SahhaState } from '../../../mocks/sahha';
import { loadSpecSync } from '../../../src/openapi';
import { callOperation, type Answer, type CallOptions } from '../client';

export type { Answer, CallOptions } from '../client';

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

/** Calls an operation of the spec by operationId against a running instance. */
export const call = (mock: Sahha, operationId: string, opts: CallOptions = {}): Promise<Answer> => callOperation(spec, mock, operationId, opts);

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
    recordingMethod: 'automatically_recorded',
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
