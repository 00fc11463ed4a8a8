/**
 * Verification of signed server-to-server ingestion: HMAC-SHA256 of the timestamp followed by the raw body, keyed
 * with the key's signing secret; a timestamp window; nonces remembered for twice that window (the spec's
 * nonceRememberedSeconds), so that a request signed with a clock ahead cannot be replayed while its timestamp is valid.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { MockContext, MockResponse } from '../kernel/types';
import { apiError, isResponse } from './errors';
import { FAULT } from './fault-names';
import { SECOND_MS, unixSeconds, type ApiKeyRecord, type SynheartState } from './state';

type Ctx = MockContext<SynheartState>;

const SIGNATURE_HEADER = 'x-synheart-signature';
const TIMESTAMP_HEADER = 'x-synheart-timestamp';
const NONCE_HEADER = 'x-synheart-nonce';

interface SignedHeaders {
  signature: string;
  timestamp: string;
  nonce: string;
}

/** Lowercase hex HMAC-SHA256 of `timestamp + body` with the signing secret. */
function signatureFor(signingSecret: string, timestamp: string, body: Buffer | string): string {
  return createHmac('sha256', signingSecret).update(timestamp, 'utf8').update(body).digest('hex');
}

function signatureMatches(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The three headers, or the 400 for a missing one (the kernel validates their format against the spec). */
function signedHeaders(ctx: Ctx): SignedHeaders | MockResponse {
  const h = ctx.req.headers;
  const found = { signature: h[SIGNATURE_HEADER], timestamp: h[TIMESTAMP_HEADER], nonce: h[NONCE_HEADER] };
  const missing = Object.entries({ [SIGNATURE_HEADER]: found.signature, [TIMESTAMP_HEADER]: found.timestamp, [NONCE_HEADER]: found.nonce })
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length) return apiError(ctx, 400, 'schema_validation_failed', `The signed-request header ${missing.join(', ')} is missing.`);
  return found as SignedHeaders;
}

function forgetExpiredNonces(state: SynheartState, now: number): void {
  for (const [nonce, until] of state.nonces) if (until <= now) state.nonces.delete(nonce);
}

/** Nothing when the request is signed by this key, fresh and not a replay (the nonce is then remembered); else the answer. */
export function verifySignedRequest(ctx: Ctx, key: ApiKeyRecord): MockResponse | undefined {
  const headers = signedHeaders(ctx);
  if (isResponse(headers)) return headers;
  const expected = signatureFor(key.signingSecret, headers.timestamp, ctx.req.rawBody);
  if (!signatureMatches(expected, headers.signature) && !ctx.faults.has(FAULT.badSignatureAccepted)) {
    return apiError(ctx, 401, 'invalid_signature', 'The X-Synheart-Signature header does not match the HMAC-SHA256 of the timestamp and body with the signing secret of this key.');
  }
  const now = ctx.clock.now();
  const window = ctx.state.spec.timestampWindowSeconds;
  const skew = Math.abs(unixSeconds(now) - Number(headers.timestamp));
  if (skew > window && !ctx.faults.has(FAULT.staleTimestampAccepted)) {
    return apiError(ctx, 401, 'invalid_nonce', `The X-Synheart-Timestamp is ${skew} seconds away from the server clock; the window is ${window} seconds.`);
  }
  forgetExpiredNonces(ctx.state, now);
  const remembered = ctx.faults.has(FAULT.nonceForgottenWithWindow) ? window : ctx.state.spec.nonceRememberedSeconds;
  if (ctx.state.nonces.has(headers.nonce) && !ctx.faults.has(FAULT.nonceReplayAccepted)) {
    return apiError(ctx, 401, 'invalid_nonce', `The X-Synheart-Nonce was already used within the last ${remembered} seconds.`);
  }
  ctx.state.nonces.set(headers.nonce, now + remembered * SECOND_MS);
  return undefined;
}
