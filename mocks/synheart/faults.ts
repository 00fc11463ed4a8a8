/**
 * The Synheart mock's fault modifiers: each breaks one documented promise so that a self-test can show the
 * matching check fails. All but one are read by the handlers (ctx.faults.has); one rewrites 429 answers.
 */
import type { FaultDefinition, MockResponse } from '../kernel/types';
import { FAULT } from './fault-names';

type Described = Omit<FaultDefinition, 'name'>;

/** A 429 without its retry hint: no Retry-After header and no retry_after in the body. */
function withoutRetryHint(res: MockResponse): MockResponse {
  if (res.status !== 429) return res;
  const headers = Object.fromEntries(Object.entries(res.headers ?? {}).filter(([name]) => name.toLowerCase() !== 'retry-after'));
  const body = typeof res.body === 'object' && res.body !== null ? Object.fromEntries(Object.entries(res.body).filter(([name]) => name !== 'retry_after')) : res.body;
  return { ...res, headers, body };
}

const DEFINITIONS: Record<string, Described> = {
  [FAULT.maxLimitRefused]: { breaks: ['GEN-BOUNDARY'], description: 'GET /v2/hsi/snapshots refuses limit=100, its documented maximum page size, with 400 invalid_request.' },
  [FAULT.deletedSnapshotStillServed]: { breaks: ['GEN-STATEFUL'], description: 'DELETE /v2/hsi/snapshots/{snapshot_id} answers 204 but keeps the snapshot: a later read still serves it.' },
  [FAULT.readScopeRefused]: { breaks: ['SYN-AUTH-1'], description: 'A key with only the read scope is refused (403 insufficient_scope) on reads; reads need write as well.' },
  [FAULT.readScopeNotEnforced]: { breaks: ['GEN-AUTH'], description: 'A key without the read scope can read (snapshots, consent profiles) instead of answering 403 insufficient_scope.' },
  [FAULT.unknownKeyAccepted]: { breaks: ['SYN-AUTH-2', 'GEN-AUTH'], description: "A malformed or unknown x-api-key is served as the app's main key instead of answering 401." },
  [FAULT.missingAuth]: { breaks: ['SYN-AUTH-2', 'GEN-AUTH'], description: "A request with no x-api-key is served as the app's main key instead of answering 401." },
  [FAULT.revocationDelayed]: { breaks: ['SYN-AUTH-3'], description: 'A revoked key keeps working for 5 minutes after its revocation.' },
  [FAULT.writeScopeNotEnforced]: { breaks: ['SYN-SCP-1'], description: 'A key without the write scope can ingest.' },
  [FAULT.deleteScopeNotEnforced]: { breaks: ['SYN-SCP-1'], description: 'A key without the delete scope can delete snapshots.' },
  [FAULT.allowlistIgnored]: { breaks: ['SYN-ING-1'], description: 'Keys of apps that are not on the ingestion allowlist can ingest.' },
  [FAULT.allowlistMessageChanged]: { breaks: ['SYN-ING-1'], description: 'The allowlist 403 says "This app is not verified." instead of the documented message.' },
  [FAULT.appIdMismatchAccepted]: { breaks: ['SYN-ING-2'], description: "A body whose app_id is not the key's app is ingested (into the other app)." },
  [FAULT.badSignatureAccepted]: { breaks: ['SYN-ING-3'], description: 'Ingestion accepts any well-formed X-Synheart-Signature, right or wrong.' },
  [FAULT.staleTimestampAccepted]: { breaks: ['SYN-ING-3'], description: 'Ingestion accepts an X-Synheart-Timestamp however far it is from the clock.' },
  [FAULT.nonceReplayAccepted]: { breaks: ['SYN-ING-3'], description: 'Ingestion accepts an X-Synheart-Nonce it has already seen.' },
  [FAULT.nonceForgottenWithWindow]: {
    breaks: ['SYN-ING-3'],
    description: 'Nonces are remembered for the 300-second timestamp window only, not 600 seconds: a request signed with a timestamp ahead of the clock can be replayed once 300 seconds have passed.',
  },
  [FAULT.sdkBodyRefused]: {
    breaks: ['SYN-ING-2'],
    description: "The body the official core SDK sends (no app_id, snapshots wrapped as {hsi, focus, emotion, timestamp}) is refused with 400 schema_validation_failed, as if app_id were required.",
  },
  [FAULT.sizeLimitNotEnforced]: { breaks: ['SYN-RATE-1'], description: 'Ingestion bodies over the 1,000,000-byte request size limit are accepted (up to the 1 MiB the mock reads at all).' },
  [FAULT.consentBearerRefused]: {
    breaks: ['SYN-AUTH-1'],
    description: 'The consent profiles refuse the key sent as Authorization: Bearer (as the core SDK sends it) with 401 invalid_api_key; only x-api-key works.',
  },
  [FAULT.rateLimitNotEnforced]: { breaks: ['SYN-RATE-1'], description: 'No rate limit: a key is never answered 429.' },
  [FAULT.rateLimitWithoutRetryHint]: {
    breaks: ['SYN-RATE-1'],
    description: 'A 429 comes without Retry-After and without retry_after, so a client cannot know when to retry.',
    transform: withoutRetryHint,
  },
  [FAULT.environmentTagMatters]: { breaks: ['SYN-ENV-1'], description: 'Keys tagged development are refused with 401, as if the tag chose an environment.' },
  [FAULT.slowDownNotEnforced]: { breaks: ['SYN-CLI-1'], description: 'Polling the token endpoint faster than the interval is answered as a normal poll, never slow_down.' },
  [FAULT.deviceCodeNeverExpires]: { breaks: ['SYN-CLI-1'], description: 'A device code keeps working after expires_in; expired_token is never answered.' },
  [FAULT.deviceDenialIgnored]: { breaks: ['SYN-CLI-1'], description: 'A login the user denied stays authorization_pending instead of access_denied.' },
  [FAULT.deviceCodeReusable]: { breaks: ['SYN-CLI-1'], description: 'An approved device code yields a token on every poll instead of once.' },
};

export const faults: FaultDefinition[] = Object.entries(DEFINITIONS).map(([name, d]) => ({ name, ...d }));
