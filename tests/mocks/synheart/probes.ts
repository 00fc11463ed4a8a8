/**
 * One small probe per catalog ID (and GEN-AUTH) of the Synheart mock: a few requests summarised as one outcome
 * string. Without faults every probe gives its EXPECTED outcome; a fault modifier must change exactly the probes
 * of the IDs it breaks.
 */
import { randomUUID } from 'node:crypto';
import type { Probe } from '../fault-sweep';
import { call, CLI_CLIENT, control, DEVICE_GRANT, ingest, ingestBody, KEY, keyOf, nowSeconds, paddedBody, RESEARCH_APP, sdkBody, signedHeaders, spec, WELLNESS_APP, withKey, type Answer, type Synheart } from './helpers';

const consent = { pathParams: { app_id: WELLNESS_APP } };
const shaped = (res: Answer) => (spec.validators.validateComponent('ApiError', res.json).length === 0 ? 'error-shape' : 'no-error-shape');
const outcome = (res: Answer) => (res.status === 200 || res.status === 204 ? String(res.status) : `${res.status} ${res.json?.code ?? res.json?.error}`);

function seededSnapshotId(mock: Synheart): string {
  const found = [...mock.state().snapshots.values()].find((s) => s.appId === WELLNESS_APP);
  if (!found) throw new Error('The mock has no seeded snapshot of the wellness app.');
  return found.snapshotId;
}

/** One step of a CLI login: the poll's error code, or its status. */
async function poll(mock: Synheart, deviceCode: string): Promise<string> {
  const res = await call(mock, 'exchangeDeviceCode', { json: { grant_type: DEVICE_GRANT, device_code: deviceCode, client_id: CLI_CLIENT } });
  return res.status === 200 ? '200' : String(res.json?.error);
}

async function login(mock: Synheart): Promise<{ device_code: string; user_code: string }> {
  return (await call(mock, 'requestDeviceCode', { json: { client_id: CLI_CLIENT } })).json;
}

export const PROBES: Record<string, Probe<Synheart>> = {
  'SYN-AUTH-1': async (mock) => {
    const key = keyOf(mock, KEY.readOnly);
    const headers = withKey(key);
    const bearer = await call(mock, 'listConsentProfiles', { headers: { authorization: `Bearer ${key.secretKey}` }, ...consent });
    return `${(await call(mock, 'listSnapshots', { headers })).status}/${(await call(mock, 'listConsentProfiles', { headers, ...consent })).status}/${outcome(bearer)}`;
  },
  'SYN-AUTH-2': async (mock) => {
    const none = await call(mock, 'listSnapshots');
    const malformed = await call(mock, 'listSnapshots', { headers: withKey('mock-malformed-credential') });
    const unknown = await call(mock, 'listConsentProfiles', { headers: withKey('syn_sk_mock_unknownunknownunkno'), ...consent });
    return [none, malformed, unknown].map(outcome).join('/');
  },
  'SYN-AUTH-3': async (mock) => {
    const key = keyOf(mock, KEY.main);
    await control(mock, 'revokeKey', { key_id: key.keyId });
    mock.clock.advance(1);
    return outcome(await call(mock, 'listSnapshots', { headers: withKey(key) }));
  },
  'SYN-SCP-1': async (mock) => {
    const readOnly = keyOf(mock, KEY.readOnly);
    const ingested = await ingest(mock, readOnly);
    const deleted = await call(mock, 'deleteSnapshot', { headers: withKey(readOnly), pathParams: { snapshot_id: seededSnapshotId(mock) } });
    return `${outcome(ingested)}/${outcome(deleted)}`;
  },
  'SYN-ING-1': async (mock) => {
    const res = await ingest(mock, keyOf(mock, KEY.research));
    return `${outcome(res)} ${res.json?.message}`;
  },
  'SYN-ING-2': async (mock) => {
    await control(mock, 'setAllowlist', { app_ids: [WELLNESS_APP, RESEARCH_APP] });
    const key = keyOf(mock, KEY.main);
    const sdk = await ingest(mock, key, sdkBody(mock));
    return `${outcome(sdk)}/${outcome(await ingest(mock, key, ingestBody(mock, key, { app_id: RESEARCH_APP })))}`;
  },
  'SYN-ING-3': async (mock) => {
    const key = keyOf(mock, KEY.main);
    const bad = await ingest(mock, key, undefined, { secret: 'syn_ss_mock_not_the_signing_secret' });
    const stale = await ingest(mock, key, undefined, { timestamp: nowSeconds(mock) - 900 });
    const nonce = randomUUID();
    await ingest(mock, key, undefined, { nonce });
    const replayed = await ingest(mock, key, undefined, { nonce });
    const text = JSON.stringify(ingestBody(mock, key));
    const ahead = signedHeaders(mock, key, text, { timestamp: nowSeconds(mock) + 250 });
    await call(mock, 'ingestSnapshots', { headers: ahead, body: text });
    mock.clock.advance(400);
    const lateReplay = await call(mock, 'ingestSnapshots', { headers: ahead, body: text });
    return [bad, stale, replayed, lateReplay].map(outcome).join('/');
  },
  'SYN-RATE-1': async (mock) => {
    const key = keyOf(mock, KEY.main);
    const over = paddedBody(mock, key, 1_000_512);
    const large = await call(mock, 'ingestSnapshots', { headers: signedHeaders(mock, key, over), body: over });
    await control(mock, 'setRateLimit', { limit: 1, windowSeconds: 60 });
    const headers = withKey(key);
    await call(mock, 'listSnapshots', { headers });
    const res = await call(mock, 'listSnapshots', { headers });
    return `${res.status} ${res.headers.get('retry-after')} ${res.json?.retry_after}/${outcome(large)}`;
  },
  'SYN-ENV-1': async (mock) => {
    const development = keyOf(mock, KEY.mainDevelopment);
    return `${outcome(await call(mock, 'listSnapshots', { headers: withKey(development) }))}/${outcome(await ingest(mock, development))}`;
  },
  'SYN-CLI-1': async (mock) => {
    const approved = await login(mock);
    const steps = [await poll(mock, approved.device_code), await poll(mock, approved.device_code)];
    await control(mock, 'approveDevice', { user_code: approved.user_code });
    mock.clock.advance(15);
    steps.push(await poll(mock, approved.device_code));
    mock.clock.advance(15);
    steps.push(await poll(mock, approved.device_code));
    const denied = await login(mock);
    await control(mock, 'denyDevice', { user_code: denied.user_code });
    steps.push(await poll(mock, denied.device_code));
    const expired = await login(mock);
    mock.clock.advance(900);
    steps.push(await poll(mock, expired.device_code));
    return steps.join(' ');
  },
  'GEN-AUTH': async (mock) => {
    const none = await call(mock, 'listSnapshots');
    const malformed = await call(mock, 'listConsentProfiles', { headers: withKey('mock-malformed-credential'), ...consent });
    const withoutRead = await call(mock, 'listSnapshots', { headers: withKey(keyOf(mock, KEY.writeOnly)) });
    return `${none.status} ${shaped(none)} / ${malformed.status} ${shaped(malformed)} / ${outcome(withoutRead)} ${shaped(withoutRead)}`;
  },
  'GEN-BOUNDARY': async (mock) => outcome(await call(mock, 'listSnapshots', { headers: { 'x-api-key': keyOf(mock, KEY.main).secretKey }, query: { limit: 100 } })),
  'GEN-STATEFUL': async (mock) => {
    const stored = await ingest(mock, keyOf(mock, KEY.main));
    const snapshot = { headers: withKey(keyOf(mock, KEY.fullCrud)), pathParams: { snapshot_id: stored.json.snapshot_id } };
    const removed = await call(mock, 'deleteSnapshot', snapshot);
    return `${outcome(removed)} then ${outcome(await call(mock, 'getSnapshot', snapshot))}`;
  },
};

/** What every probe gives when no fault is on. */
export const EXPECTED: Record<string, string> = {
  'SYN-AUTH-1': '200/200/200',
  'SYN-AUTH-2': '401 invalid_api_key/401 invalid_api_key/401 invalid_api_key',
  'SYN-AUTH-3': '401 invalid_api_key',
  'SYN-SCP-1': '403 insufficient_scope/403 insufficient_scope',
  'SYN-ING-1': `403 app_not_verified App ${RESEARCH_APP} is not verified for data ingestion.`,
  'SYN-ING-2': '200/403 app_id_mismatch',
  'SYN-ING-3': '401 invalid_signature/401 invalid_nonce/401 invalid_nonce/401 invalid_nonce',
  'SYN-RATE-1': '429 60 60/413 payload_too_large',
  'SYN-ENV-1': '200/200',
  'SYN-CLI-1': 'authorization_pending slow_down 200 invalid_grant access_denied expired_token',
  'GEN-AUTH': '401 error-shape / 401 error-shape / 403 insufficient_scope error-shape',
  'GEN-BOUNDARY': '200',
  'GEN-STATEFUL': '204 then 404 not_found',
};
