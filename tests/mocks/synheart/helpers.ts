/**
 * Helpers of the Synheart mock's own tests: start an instance, call operations by operationId with plain fetch,
 * sign ingestion requests as the SDK does, drive the control surface, and check both error shapes. Paths come
 * from the spec, never typed by hand.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { expect } from '@playwright/test';
import { startMock } from '../../../mocks/kernel';
import type { RunningMock } from '../../../mocks/kernel/types';
import { definition, type SynheartState } from '../../../mocks/synheart';
import { loadSpecSync } from '../../../src/openapi';
import { callOperation, type Answer, type CallOptions } from '../client';

export { control, expectNoDrift, type Answer, type CallOptions } from '../client';

export type Synheart = RunningMock<SynheartState>;

export const spec = loadSpecSync('synheart');
export const WELLNESS_APP = 'app_mock_0001';
export const RESEARCH_APP = 'app_mock_0002';
export const ORG = 'org_mock_0001';
export const CLI_CLIENT = 'synheart-cli';
export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** The seeded keys by what they are for (their ids in the mock's state). */
export const KEY = {
  main: 'key_mock_0001',
  mainDevelopment: 'key_mock_0002',
  readOnly: 'key_mock_0003',
  fullCrud: 'key_mock_0004',
  admin: 'key_mock_0005',
  writeOnly: 'key_mock_0006',
  research: 'key_mock_0007',
} as const;

export function startSynheart(environment: 'sandbox' | 'production' = 'sandbox'): Promise<Synheart> {
  return definition().then((def) => startMock(def, { port: 0, validateResponses: true, environment }));
}

/** Calls an operation of the spec by operationId against a running instance. */
export const call = (mock: Synheart, operationId: string, opts: CallOptions = {}): Promise<Answer> => callOperation(spec, mock, operationId, opts);

export interface KeyValues {
  keyId: string;
  secretKey: string;
  signingSecret: string;
  appId: string;
}

/** The secrets of a key of the instance, by key id. */
export function keyOf(mock: Synheart, keyId: string): KeyValues {
  const key = [...mock.state().keys.values()].find((k) => k.keyId === keyId);
  if (!key) throw new Error(`The mock has no key ${keyId}.`);
  return { keyId, secretKey: key.secretKey, signingSecret: key.signingSecret, appId: key.appId };
}

export const withKey = (key: KeyValues | string) => ({ 'x-api-key': typeof key === 'string' ? key : key.secretKey });

/** The mock's clock in Unix seconds (what a client in sync with the server sends). */
export const nowSeconds = (mock: Synheart) => Math.floor(mock.clock.now() / 1000);

/** A valid HSI 1.3 snapshot observed `minutesAgo` minutes before the mock's now. */
export function snapshot(mock: Synheart, minutesAgo = 5): Record<string, unknown> {
  const observed = new Date(mock.clock.now() - minutesAgo * 60_000);
  const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    hsi_version: '1.3',
    observed_at_utc: iso(observed),
    computed_at_utc: iso(new Date(observed.getTime() + 2000)),
    producer: { name: 'mock-producer', version: '1.0.0' },
    windows: { w_main: { start_utc: iso(new Date(observed.getTime() - 60_000)), end_utc: iso(observed) } },
    axes: {
      physiological: [
        { name: 'recovery', score: 0.61, confidence: 0.7, direction: 'higher_is_more', inference_mode: 'deterministic_rule', model_id: 'rulepack://recovery_v1', window_ids: ['w_main'], evidence_source_ids: ['s_watch'] },
      ],
    },
    privacy: { contains_pii: false, raw_biosignals_allowed: false, derived_metrics_allowed: true },
    meta: { ids: { hsi_id: randomUUID() } },
  };
}

/** A valid ingestion body for the key's app. */
export function ingestBody(mock: Synheart, key: KeyValues, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    user_id: 'user-ingest-0001',
    app_id: key.appId,
    metadata: { sdk_version: '0.4.2', platform: 'android', capability_level: 'extended', org_id: ORG },
    snapshots: [snapshot(mock)],
    ...overrides,
  };
}

/**
 * The body the official core SDK sends (rebuilt from synheart-core-dart cloud_connector_module.dart and
 * hsi_export.dart): no app_id, metadata.org_id null, one wrapper {hsi, focus, emotion, timestamp} around an HSI 1.0
 * export observed `minutesAgo` minutes before the mock's now, with the SDK's nulls (`notes: null`, `axes.affect: null`).
 */
export function sdkBody(mock: Synheart, minutesAgo = 5): Record<string, unknown> {
  const observed = mock.clock.now() - minutesAgo * 60_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    user_id: 'anon_user_fake_0001',
    metadata: { sdk_version: '1.0.0', platform: 'flutter', capability_level: 'core', org_id: null },
    snapshots: [
      {
        hsi: {
          hsi_version: '1.0',
          observed_at_utc: iso(observed),
          computed_at_utc: iso(observed + 1500),
          producer: { name: 'Synheart Core SDK', version: '1.0.0', instance_id: randomUUID() },
          window_ids: ['w1'],
          windows: { w1: { start: iso(observed - 30_000), end: iso(observed), label: 'micro_window' } },
          axes: { affect: null, behavior: { readings: [{ axis: 'motion', score: 0.4, confidence: 0.8, window_id: 'w1', direction: 'higher_is_more', notes: null }] } },
          embeddings: [{ vector: [0.1, 0.2, 0.3], dimension: 3, encoding: 'float64', confidence: 0.85, window_id: 'w1', model: 'hsi-fusion-v1', notes: 'HSV state embedding' }],
          privacy: { contains_pii: false, raw_biosignals_allowed: false, derived_metrics_allowed: true, notes: 'On-device processing only.' },
          meta: { sdk: 'synheart_core', platform: 'flutter', sampling_rate_hz: 2 },
        },
        focus: { timestamp: iso(observed), state: 'focused', estimate: { score: 0.6, confidence: 0.7 }, trend: 'stable' },
        emotion: { timestamp: iso(observed), primary_emotion: 'calm', valence: 0.1, arousal: 0.3, stress_index: 0.2, energy_level: 0.4 },
        timestamp: iso(observed),
      },
    ],
  };
}

/** The text of a valid ingestion body of exactly `bytes` bytes (the snapshot's privacy notes pad it). */
export function paddedBody(mock: Synheart, key: KeyValues, bytes: number): string {
  const body = ingestBody(mock, key);
  const snapshot = (body.snapshots as { privacy: Record<string, unknown> }[])[0]!;
  snapshot.privacy.notes = '';
  snapshot.privacy.notes = 'n'.repeat(bytes - Buffer.byteLength(JSON.stringify(body)));
  return JSON.stringify(body);
}

export interface SignOptions {
  /** Unix seconds to sign with (default: the mock's now). */
  timestamp?: number;
  nonce?: string;
  /** Sign with another secret (a wrong signature). */
  secret?: string;
}

/** The SDK's signature: lowercase hex HMAC-SHA256 of `timestamp + body` with the signing secret. */
export function sign(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(timestamp + body).digest('hex');
}

/** Headers of a signed ingestion request for this exact body text. */
export function signedHeaders(mock: Synheart, key: KeyValues, bodyText: string, opts: SignOptions = {}): Record<string, string> {
  const timestamp = String(opts.timestamp ?? nowSeconds(mock));
  return {
    ...withKey(key),
    'content-type': 'application/json',
    'x-synheart-timestamp': timestamp,
    'x-synheart-nonce': opts.nonce ?? randomUUID(),
    'x-synheart-signature': sign(opts.secret ?? key.signingSecret, timestamp, bodyText),
  };
}

/** Signs and sends an ingestion body with a key. */
export function ingest(mock: Synheart, key: KeyValues, body: unknown = ingestBody(mock, key), opts: SignOptions = {}): Promise<Answer> {
  const text = JSON.stringify(body);
  return call(mock, 'ingestSnapshots', { headers: signedHeaders(mock, key, text, opts), body: text });
}

/** The body is the API error shape with this status and code. */
export function expectApiError(res: Answer, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.contentType ?? '').toMatch(/^application\/json/);
  expect(spec.validators.validateComponent('ApiError', res.json, { undeclared: true }).map((d) => d.message)).toEqual([]);
  expect(res.json.code).toBe(code);
}

/** The body is an RFC 6749 error with this code. */
export function expectOAuthError(res: Answer, error: string): void {
  expect(res.status, res.text).toBe(400);
  expect(spec.validators.validateComponent('OAuthError', res.json, { undeclared: true }).map((d) => d.message)).toEqual([]);
  expect(res.json.error).toBe(error);
}
