/**
 * One small probe per catalog ID (and GEN-AUTH) of the Sahha mock: a few requests summarised as one outcome
 * string. Without faults every probe gives its EXPECTED outcome; a fault modifier must change exactly the probes
 * of the IDs it breaks. Probes get profile tokens by AppId registration, so that one token path's fault does
 * not leak into the other probes.
 */
import type { Probe } from '../fault-sweep';
import { accountToken, asAccount, asProfile, call, clientCredentials, DAY, EMPTY_SAMPLE, HOUR, newExternalId, registerProfile, SAMPLE, spec, type Answer, type Sahha } from './helpers';

export interface Instances {
  sandbox: Sahha;
  production: Sahha;
}

const byId = (externalId = SAMPLE) => ({ pathParams: { externalId } });

/** A profile token through AppId/AppSecret registration (200 for an existing externalId). */
async function appToken(mock: Sahha, externalId: string): Promise<{ profileToken: string; refreshToken: string }> {
  const { appId, appSecret } = mock.state().credentials;
  const res = await call(mock, 'registerProfileWithAppId', { headers: { AppId: appId, AppSecret: appSecret }, json: { externalId } });
  return res.json;
}

const ids = (res: Answer) => (Array.isArray(res.json) ? (res.json as { id: string }[]).map((i) => i.id).join(',') : `status ${res.status}`);
const shaped = (res: Answer) => (spec.validators.validateComponent('Error', res.json).length === 0 ? 'error-shape' : 'no-error-shape');

export const PROBES: Record<string, Probe<Instances>> = {
  'SAH-ENV-1': async ({ sandbox, production }) => {
    const a = await call(production, 'getAccountToken', { json: clientCredentials(sandbox) });
    const b = await call(sandbox, 'getAccountToken', { json: clientCredentials(production) });
    return `${a.status}/${b.status}`;
  },
  'SAH-ENV-2': async ({ sandbox, production }) => {
    const res = await call(production, 'getScoresByExternalId', { ...byId(), headers: asAccount(await accountToken(sandbox)) });
    return String(res.status);
  },
  'SAH-TOK-1': async ({ sandbox }) => {
    const res = await call(sandbox, 'getAccountToken', { json: clientCredentials(sandbox) });
    sandbox.clock.advance(2 * HOUR);
    const use = await call(sandbox, 'searchProfiles', { headers: asAccount(res.json.accountToken) });
    return `${res.status} ${res.json.expiresIn} ${res.json.tokenType ?? 'no-token-type'} ${use.status}`;
  },
  'SAH-TOK-2': async ({ sandbox }) => {
    const res = await call(sandbox, 'getAccountToken', { json: { ...clientCredentials(sandbox), clientSecret: 'mock-wrong-secret' } });
    return `${res.status} ${'accountToken' in (res.json ?? {}) ? 'token' : 'no-token'} ${shaped(res)}`;
  },
  'SAH-TOK-3': async ({ sandbox }) => {
    const res = await call(sandbox, 'registerProfile', { headers: asAccount(await accountToken(sandbox)), json: { externalId: newExternalId() } });
    sandbox.clock.advance(2 * HOUR);
    const use = await call(sandbox, 'getDeviceInformation', { headers: asProfile(res.json.profileToken) });
    return `${res.status} ${res.json.expiresIn} ${res.json.tokenType} ${use.status}`;
  },
  'SAH-TOK-4': async ({ sandbox }) => {
    const headers = asAccount(await accountToken(sandbox));
    const externalId = newExternalId();
    await call(sandbox, 'registerProfile', { headers, json: { externalId } });
    return String((await call(sandbox, 'registerProfile', { headers, json: { externalId } })).status);
  },
  'SAH-TOK-5': async ({ sandbox }) => {
    const { appId } = sandbox.state().credentials;
    const res = await call(sandbox, 'registerProfileWithAppId', { headers: { AppId: appId, AppSecret: 'mock-wrong-app-secret' }, json: { externalId: newExternalId() } });
    return String(res.status);
  },
  'SAH-TOK-6': async ({ sandbox }) => {
    const res = await call(sandbox, 'getProfileToken', { headers: asAccount(await accountToken(sandbox)), json: { externalId: SAMPLE } });
    return `${res.status} ${(await call(sandbox, 'getScores', { headers: asProfile(res.json.profileToken) })).status}`;
  },
  'SAH-TOK-7': async ({ sandbox }) => {
    const grant = await appToken(sandbox, newExternalId());
    const res = await call(sandbox, 'refreshProfileToken', { headers: asProfile(grant.profileToken), json: { refreshToken: 'refresh_mock_bogus' } });
    const withoutAuthorization = await call(sandbox, 'refreshProfileToken', { json: { refreshToken: grant.refreshToken } });
    return `${res.status}/${withoutAuthorization.status}`;
  },
  'SAH-TOK-8': async ({ sandbox }) => {
    const account = await accountToken(sandbox);
    const grant = await appToken(sandbox, SAMPLE);
    sandbox.clock.advance(DAY);
    const a = await call(sandbox, 'searchProfiles', { headers: asAccount(account) });
    const p = await call(sandbox, 'getScores', { headers: asProfile(grant.profileToken) });
    return `${a.status}/${p.status}`;
  },
  'SAH-SCP-1': async ({ sandbox }) => {
    const grant = await appToken(sandbox, SAMPLE);
    const mine = await call(sandbox, 'getScores', { headers: asProfile(grant.profileToken) });
    const theirs = await call(sandbox, 'getScoresByExternalId', { ...byId(), headers: asAccount(await accountToken(sandbox)) });
    return ids(mine) === ids(theirs) ? 'same' : 'different';
  },
  'SAH-SCP-2': async ({ sandbox }) => {
    const grant = await appToken(sandbox, SAMPLE);
    return String((await call(sandbox, 'getScoresByExternalId', { ...byId(), headers: asProfile(grant.profileToken) })).status);
  },
  'SAH-SCP-3': async ({ sandbox }) => {
    return String((await call(sandbox, 'getDemographic', { headers: asProfile(await accountToken(sandbox)) })).status);
  },
  'SAH-SCP-4': async ({ sandbox }) => {
    const account = await accountToken(sandbox);
    const grant = await appToken(sandbox, SAMPLE);
    const bearer = await call(sandbox, 'getScoresByExternalId', { ...byId(), headers: { authorization: `Bearer ${account}` } });
    const bare = await call(sandbox, 'getScoresByExternalId', { ...byId(), headers: { authorization: account } });
    const sdk = await call(sandbox, 'getScores', { headers: { authorization: `Profile ${grant.profileToken}` } });
    return `${bearer.status}/${bare.status}/${sdk.status}`;
  },
  'SAH-ERR-1': async ({ sandbox }) => {
    const res = await call(sandbox, 'getScoresByExternalId', { ...byId(EMPTY_SAMPLE), headers: asAccount(await accountToken(sandbox)) });
    return `${res.status} ${res.text.length} ${res.contentType ?? 'no-content-type'}`;
  },
  'SAH-ERR-2': async ({ sandbox }) => {
    const res = await call(sandbox, 'getScoresByExternalId', { ...byId(), headers: asAccount(await accountToken(sandbox)), query: { startDateTime: 'last-tuesday' } });
    return `${res.status} ${shaped(res)}`;
  },
  'SAH-DATA-1': async ({ sandbox }) => {
    const grant = await appToken(sandbox, SAMPLE);
    const log = { id: '9b2e4f6a-1c3d-4e5f-8a7b-6c5d4e3f2a1b', logType: 'mood', dataType: 'steps', value: 1, unit: 'count', source: 'mock', recordingMethod: 'manual_entry', deviceType: 'iPhone', startDateTime: '2024-01-15T08:00:00Z', endDateTime: '2024-01-15T09:00:00Z' };
    return String((await call(sandbox, 'postDataLogs', { headers: asProfile(grant.profileToken), json: [log] })).status);
  },
  'SAH-DATA-2': async ({ sandbox }) => {
    const grant = await appToken(sandbox, newExternalId());
    const headers = asProfile(grant.profileToken);
    await call(sandbox, 'replaceDemographic', { headers, json: { age: 30 } });
    await call(sandbox, 'replaceDemographic', { headers, json: { gender: 'female' } });
    await call(sandbox, 'updateDemographic', { headers, json: { country: 'NZ' } });
    return Object.keys((await call(sandbox, 'getDemographic', { headers })).json ?? {}).sort().join(',');
  },
  'SAH-DATA-3': async ({ sandbox }) => {
    const res = await call(sandbox, 'getScoresByExternalId', { ...byId(), headers: asAccount(await accountToken(sandbox)), query: { types: 'sleep' } });
    const newer = await call(sandbox, 'getBiomarkersByExternalId', { ...byId(), headers: asAccount(await accountToken(sandbox)), query: { categories: 'exercise' } });
    return `${[...new Set((res.json as { type: string }[]).map((s) => s.type))].join(',')} exercise ${newer.status === 400 ? 'refused' : 'accepted'}`;
  },
  'GEN-AUTH': async ({ sandbox }) => {
    const none = await call(sandbox, 'getScores');
    const malformed = await call(sandbox, 'getScoresByExternalId', { ...byId(), headers: { authorization: 'account mock-not-a-token' } });
    const grant = await registerProfile(sandbox);
    await call(sandbox, 'deleteProfiles', { headers: asAccount(await accountToken(sandbox)), json: { externalIds: [grant.externalId] } });
    const removed = await call(sandbox, 'getScores', { headers: asProfile(grant.profileToken) });
    return `${none.status} ${shaped(none)} / ${malformed.status} ${shaped(malformed)} / removed profile ${removed.status} ${shaped(removed)}`;
  },
};

/** What every probe gives when no fault is on. */
export const EXPECTED: Record<string, string> = {
  'SAH-ENV-1': '401/401',
  'SAH-ENV-2': '401',
  'SAH-TOK-1': '200 86400 Account 200',
  'SAH-TOK-2': '401 no-token error-shape',
  'SAH-TOK-3': '201 86400 Profile 204',
  'SAH-TOK-4': '400',
  'SAH-TOK-5': '401',
  'SAH-TOK-6': '200 200',
  'SAH-TOK-7': '401/200',
  'SAH-TOK-8': '401/401',
  'SAH-SCP-1': 'same',
  'SAH-SCP-2': '401',
  'SAH-SCP-3': '401',
  'SAH-SCP-4': '401/401/200',
  'SAH-ERR-1': '204 0 no-content-type',
  'SAH-ERR-2': '400 error-shape',
  'SAH-DATA-1': '400',
  'SAH-DATA-2': 'country,gender',
  'SAH-DATA-3': 'sleep exercise accepted',
  'GEN-AUTH': '401 error-shape / 401 error-shape / removed profile 410 error-shape',
};
