/** Which token may call what, and how it must be presented (SAH-SCP-*), on the Sahha mock. */
import { expect, test } from './fixtures';
import {
  accountToken,
  asAccount,
  asProfile,
  call,
  dataLog,
  expectErrorShape,
  origins,
  profileToken,
  SAMPLE,
  spec,
  type Sahha,
} from './helpers';

const ids = (items: { id: string }[]) => items.map((i) => i.id);

test('SAH-SCP-1 a profile token reads its own data without an externalId, the same data the account reads by externalId', async ({ mock }) => {
  const grant = await profileToken(mock, SAMPLE);
  const account = asAccount(await accountToken(mock));
  const reads: [string, string][] = [
    ['getScores', 'getScoresByExternalId'],
    ['getBiomarkers', 'getBiomarkersByExternalId'],
    ['getArchetypes', 'getArchetypesByExternalId'],
    ['getTrends', 'getTrendsByExternalId'],
    ['getComparisons', 'getComparisonsByExternalId'],
  ];
  for (const [own, byId] of reads) {
    expect(spec.operation(own).path).not.toContain('{externalId}');
    const mine = await call(mock, own, { headers: asProfile(grant.profileToken) });
    const theirs = await call(mock, byId, { pathParams: { externalId: SAMPLE }, headers: account });
    expect(mine.status, own).toBe(200);
    expect(ids(mine.json)).toEqual(ids(theirs.json));
  }
});

test('SAH-SCP-2 a profile token on account endpoints is a 401', async ({ mock }) => {
  const grant = await profileToken(mock, SAMPLE);
  const headers = asProfile(grant.profileToken);
  expectErrorShape(await call(mock, 'getProfileByExternalId', { pathParams: { externalId: SAMPLE }, headers }), 401);
  expectErrorShape(await call(mock, 'getScoresByExternalId', { pathParams: { externalId: SAMPLE }, headers }), 401);
  expectErrorShape(await call(mock, 'searchProfiles', { headers }), 401);
  const asAccountWord = await call(mock, 'getScoresByExternalId', { pathParams: { externalId: SAMPLE }, headers: asAccount(grant.profileToken) });
  expectErrorShape(asAccountWord, 401);
});

test('SAH-SCP-3 an account token on profile-only endpoints is a 401', async ({ mock }) => {
  const account = await accountToken(mock);
  expectErrorShape(await call(mock, 'getDemographic', { headers: asProfile(account) }), 401);
  expectErrorShape(await call(mock, 'getDemographic', { headers: asAccount(account) }), 401);
  expectErrorShape(await call(mock, 'postDataLogs', { headers: asProfile(account), json: [dataLog()] }), 401);
  expectErrorShape(await call(mock, 'getScores', { headers: asProfile(account) }), 401);
  expect(mock.state().profiles.get(SAMPLE)!.dataLogs.size).toBe(0);
});

test('SAH-SCP-4 Bearer, a missing word or a missing header is a 401; the scheme word must match the token kind', async ({ mock }) => {
  const account = await accountToken(mock);
  const grant = await profileToken(mock, SAMPLE);
  const byId = { pathParams: { externalId: SAMPLE } };
  for (const authorization of [`Bearer ${account}`, account, `profile ${account}`, `account  `, `account ${account} extra`]) {
    const res = await call(mock, 'getScoresByExternalId', { ...byId, headers: { authorization } });
    expectErrorShape(res, 401);
    expect(origins(res)).toEqual(['Authorization']);
  }
  expectErrorShape(await call(mock, 'getScoresByExternalId', byId), 401);
  for (const authorization of [`Bearer ${grant.profileToken}`, grant.profileToken, `account ${grant.profileToken}`]) {
    expectErrorShape(await call(mock, 'getScores', { headers: { authorization } }), 401);
  }
  expectErrorShape(await call(mock, 'getScores'), 401);
});

test('SAH-SCP-4 the scheme word is case-insensitive (the SDKs send "Profile")', async ({ mock }) => {
  const account = await accountToken(mock);
  const grant = await profileToken(mock, SAMPLE);
  for (const word of ['account', 'Account', 'ACCOUNT']) {
    expect((await call(mock, 'getScoresByExternalId', { pathParams: { externalId: SAMPLE }, headers: { authorization: `${word} ${account}` } })).status).toBe(200);
  }
  for (const word of ['profile', 'Profile', 'PROFILE']) {
    expect((await call(mock, 'getScores', { headers: { authorization: `${word} ${grant.profileToken}` } })).status).toBe(200);
  }
});

test('a profile token of a deleted profile is answered 410 in the error shape', async ({ mock }) => {
  const grant = await profileToken(mock, SAMPLE);
  const account = asAccount(await accountToken(mock));
  const deleted = await call(mock, 'deleteProfiles', { headers: account, json: { externalIds: [SAMPLE, 'mock-nobody'] } });
  expect(deleted.status).toBe(200);
  expect(deleted.json).toEqual({ deleted: [SAMPLE], notFound: ['mock-nobody'] });
  expectErrorShape(await call(mock, 'getScores', { headers: asProfile(grant.profileToken) }), 410);
  expectErrorShape(await call(mock, 'refreshProfileToken', { headers: asProfile(grant.profileToken), json: { refreshToken: grant.refreshToken } }), 410);
  expectErrorShape(await call(mock, 'getScoresByExternalId', { pathParams: { externalId: SAMPLE }, headers: account }), 400);
});
