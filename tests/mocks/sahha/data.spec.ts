/** Data behaviour of the Sahha mock: 204 for no data, query validation, data logs, demographics, filters, profiles. */
import { expect, test } from './fixtures';
import {
  accountToken,
  asAccount,
  asProfile,
  call,
  dataLog,
  daysAgo,
  EMPTY_SAMPLE,
  expectErrorShape,
  origins,
  profileToken,
  registerProfile,
  SAMPLE,
  type Answer,
  type Sahha,
} from './helpers';

let account: Record<string, string>;

test.beforeEach(async ({ mock }) => {
  account = asAccount(await accountToken(mock));
});

const sample = { pathParams: { externalId: SAMPLE } };
const field = (res: Answer, name: string) => [...new Set((res.json as Record<string, unknown>[]).map((i) => i[name]))].sort();

test.describe('no data', () => {
  test('SAH-ERR-1 a new profile reads 204 with no body on every data read', async ({ mock }) => {
    const grant = await registerProfile(mock);
    for (const op of ['getScores', 'getBiomarkers', 'getArchetypes', 'getTrends', 'getComparisons', 'getDemographic', 'getDeviceInformation']) {
      const res = await call(mock, op, { headers: asProfile(grant.profileToken) });
      expect(res.status, op).toBe(204);
      expect(res.text, op).toBe('');
      expect(res.contentType, op).toBeNull();
    }
    const byId = await call(mock, 'getScoresByExternalId', { pathParams: { externalId: EMPTY_SAMPLE }, headers: account });
    expect(byId.status).toBe(204);
  });

  test('SAH-ERR-1 a date range with no data is 204 for a profile that has data', async ({ mock }) => {
    const query = { startDateTime: '2001-01-01T00:00:00Z', endDateTime: '2001-01-31T00:00:00Z' };
    for (const op of ['getScoresByExternalId', 'getBiomarkersByExternalId', 'getArchetypesByExternalId', 'getTrendsByExternalId', 'getComparisonsByExternalId']) {
      const res = await call(mock, op, { ...sample, headers: account, query });
      expect(res.status, op).toBe(204);
      expect(res.text).toBe('');
      expect(res.contentType, op).toBeNull();
    }
    expect((await call(mock, 'getScoresByExternalId', { ...sample, headers: account })).status).toBe(200);
  });
});

test.describe('query validation', () => {
  test('SAH-ERR-2 a startDateTime that is not a date-time is a 400 in the error shape', async ({ mock }) => {
    const res = await call(mock, 'getScoresByExternalId', { ...sample, headers: account, query: { startDateTime: 'last-tuesday' } });
    expectErrorShape(res, 400);
    expect(origins(res).join(' ')).toContain('startDateTime');
  });

  test('SAH-ERR-2 an unknown types value is a 400, comma-joined or repeated', async ({ mock }) => {
    for (const query of ['types=activity,bogus', 'types=activity&types=bogus', 'types=Sleep']) {
      const res = await call(mock, 'getScoresByExternalId', { ...sample, headers: account, query });
      expectErrorShape(res, 400);
      expect(origins(res).join(' '), query).toContain('types');
    }
    expectErrorShape(await call(mock, 'getBiomarkersByExternalId', { ...sample, headers: account, query: { categories: 'mood' } }), 400);
    expectErrorShape(await call(mock, 'getArchetypesByExternalId', { ...sample, headers: account, query: { periodicity: 'daily' } }), 400);
  });

  test('SAH-ERR-2 a startDateTime after endDateTime is a 400', async ({ mock }) => {
    const res = await call(mock, 'getScoresByExternalId', { ...sample, headers: account, query: { startDateTime: daysAgo(mock, 1), endDateTime: daysAgo(mock, 3) } });
    expectErrorShape(res, 400);
    expect(origins(res)).toEqual(['query.startDateTime']);
  });

  test('an externalId the account does not have is a 400 naming externalId', async ({ mock }) => {
    const res = await call(mock, 'getScoresByExternalId', { pathParams: { externalId: 'mock-nobody' }, headers: account });
    expectErrorShape(res, 400);
    expect(origins(res)).toEqual(['externalId']);
    expectErrorShape(await call(mock, 'getProfileByExternalId', { pathParams: { externalId: 'mock-nobody' }, headers: account }), 400);
  });
});

test.describe('filters', () => {
  test('SAH-DATA-3 scores filter by types (comma-joined or repeated), dates and version', async ({ mock }) => {
    const all = await call(mock, 'getScoresByExternalId', { ...sample, headers: account });
    expect(field(all, 'type')).toEqual(['activity', 'mental_wellbeing', 'readiness', 'sleep', 'wellbeing']);
    for (const query of ['types=sleep,activity', 'types=sleep&types=activity']) {
      expect(field(await call(mock, 'getScoresByExternalId', { ...sample, headers: account, query }), 'type')).toEqual(['activity', 'sleep']);
    }
    const window = { startDateTime: daysAgo(mock, 3), endDateTime: daysAgo(mock, 1) };
    const inWindow = await call(mock, 'getScoresByExternalId', { ...sample, headers: account, query: { ...window, types: 'sleep' } });
    expect(inWindow.json.length).toBeGreaterThanOrEqual(2);
    expect(inWindow.json.length).toBeLessThanOrEqual(3);
    for (const s of inWindow.json) {
      expect(Date.parse(s.scoreDateTime)).toBeGreaterThanOrEqual(Date.parse(window.startDateTime));
      expect(Date.parse(s.scoreDateTime)).toBeLessThanOrEqual(Date.parse(window.endDateTime));
    }
    expect((await call(mock, 'getScoresByExternalId', { ...sample, headers: account, query: { version: 2 } })).status).toBe(204);
    const times = (all.json as { scoreDateTime: string }[]).map((s) => Date.parse(s.scoreDateTime));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  test('SAH-DATA-3 biomarkers filter by categories and types; the 9 SDK categories are all accepted', async ({ mock }) => {
    const vitals = await call(mock, 'getBiomarkersByExternalId', { ...sample, headers: account, query: { categories: 'vitals' } });
    expect(field(vitals, 'category')).toEqual(['vitals']);
    const steps = await call(mock, 'getBiomarkersByExternalId', { ...sample, headers: account, query: { types: 'steps,sleep_duration' } });
    expect(field(steps, 'type')).toEqual(['sleep_duration', 'steps']);
    const floors = await call(mock, 'getBiomarkersByExternalId', { ...sample, headers: account, query: { types: 'floors_climbed,sleep_mid_time' } });
    expect(field(floors, 'type')).toEqual(['floors_climbed', 'sleep_mid_time']);
    const newer = await call(mock, 'getBiomarkersByExternalId', { ...sample, headers: account, query: { categories: 'exercise,device,nutrition' } });
    expect(newer.status, newer.text).toBe(204);
    expectErrorShape(await call(mock, 'getBiomarkersByExternalId', { ...sample, headers: account, query: { types: 'floors' } }), 400);
  });

  test('SAH-DATA-3 archetypes filter by name and periodicity', async ({ mock }) => {
    const query = { startDateTime: daysAgo(mock, 40), endDateTime: daysAgo(mock, 0) };
    const monthly = await call(mock, 'getArchetypesByExternalId', { ...sample, headers: account, query: { ...query, periodicity: 'monthly' } });
    expect(field(monthly, 'periodicity')).toEqual(['monthly']);
    const level = await call(mock, 'getArchetypesByExternalId', { ...sample, headers: account, query: { ...query, name: 'activity_level', periodicity: 'weekly' } });
    expect(field(level, 'name')).toEqual(['activity_level']);
    expect(level.json.length).toBe(4);
  });

  test('SAH-DATA-3 trends filter by category, name and periodicity; comparisons by category and name', async ({ mock }) => {
    const factor = await call(mock, 'getTrendsByExternalId', { ...sample, headers: account, query: { category: 'factor' } });
    expect(field(factor, 'category')).toEqual(['factor']);
    const daily = await call(mock, 'getTrendsByExternalId', { ...sample, headers: account, query: { periodicity: 'daily', name: 'sleep' } });
    expect(daily.json.map((t: { name: string; periodicity: string }) => `${t.name}/${t.periodicity}`)).toEqual(['sleep/daily']);
    const biomarker = await call(mock, 'getComparisonsByExternalId', { ...sample, headers: account, query: { category: 'biomarker', name: 'steps', startDateTime: daysAgo(mock, 14) } });
    expect(field(biomarker, 'name')).toEqual(['steps']);
    expect(field(biomarker, 'category')).toEqual(['biomarker']);
    expect(biomarker.json.length).toBe(2);
  });
});

test.describe('data logs', () => {
  test('SAH-DATA-1 posted data logs are accepted with 200 and stored', async ({ mock }) => {
    const grant = await profileToken(mock, SAMPLE);
    const logs = [dataLog(), dataLog({ id: '1b2e4f6a-1c3d-4e5f-8a7b-6c5d4e3f2a1c', logType: 'sleep', dataType: 'sleep_stage_deep', unit: 'minute', value: 42 })];
    const res = await call(mock, 'postDataLogs', { headers: asProfile(grant.profileToken), json: logs, query: { fireLogEvents: false } });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect([...mock.state().profiles.get(SAMPLE)!.dataLogs.keys()].sort()).toEqual(logs.map((l) => l.id).sort());
    const profile = await call(mock, 'getProfileByExternalId', { ...sample, headers: account });
    expect(Date.parse(profile.json.dataLastReceivedAtUtc)).toBe(Math.floor(mock.clock.now() / 1000) * 1000);
  });

  test('SAH-DATA-1 an invalid log item is a 400 in the error shape and nothing is stored', async ({ mock }) => {
    const grant = await profileToken(mock, SAMPLE);
    const headers = asProfile(grant.profileToken);
    const invalid: unknown[] = [
      [dataLog({ logType: 'mood' })],
      [dataLog({ value: 'many' })],
      [dataLog({ startDateTime: 'yesterday' })],
      [dataLog({ id: 'not-a-uuid' })],
      [{ ...dataLog(), unit: undefined }],
      [dataLog({ endDateTime: '2024-01-15T07:00:00Z' })],
      [],
      { logs: [dataLog()] },
    ];
    for (const body of invalid) {
      const res = await call(mock, 'postDataLogs', { headers, json: body });
      expectErrorShape(res, 400);
    }
    const reversed = await call(mock, 'postDataLogs', { headers, json: [dataLog(), dataLog({ endDateTime: '2024-01-15T07:00:00Z' })] });
    expect(origins(reversed)).toEqual(['body[1].endDateTime']);
    expect(mock.state().profiles.get(SAMPLE)!.dataLogs.size).toBe(0);
  });
});

test.describe('demographics and device information', () => {
  test('SAH-DATA-2 demographic PUT replaces, PATCH merges, GET shows the result', async ({ mock }) => {
    const grant = await registerProfile(mock);
    const headers = asProfile(grant.profileToken);
    expect((await call(mock, 'replaceDemographic', { headers, json: { age: 34, gender: 'female', country: 'NZ' } })).status).toBe(204);
    expect((await call(mock, 'getDemographic', { headers })).json).toEqual({ age: 34, gender: 'female', country: 'NZ' });
    expect((await call(mock, 'updateDemographic', { headers, json: { occupation: 'nurse', age: 35 } })).status).toBe(204);
    expect((await call(mock, 'getDemographic', { headers })).json).toEqual({ age: 35, gender: 'female', country: 'NZ', occupation: 'nurse' });
    expect((await call(mock, 'updateDemographic', { headers, json: { gender: null } })).status).toBe(204);
    expect((await call(mock, 'getDemographic', { headers })).json).toEqual({ age: 35, country: 'NZ', occupation: 'nurse' });
    expect((await call(mock, 'replaceDemographic', { headers, json: { birthDate: '1990-04-12' } })).status).toBe(204);
    expect((await call(mock, 'getDemographic', { headers })).json).toEqual({ birthDate: '1990-04-12' });
    expect((await call(mock, 'replaceDemographic', { headers, json: {} })).status).toBe(204);
    expect((await call(mock, 'getDemographic', { headers })).status).toBe(204);
  });

  test('SAH-DATA-2 an invalid demographic field is a 400 and changes nothing', async ({ mock }) => {
    const grant = await profileToken(mock, SAMPLE);
    const headers = asProfile(grant.profileToken);
    const before = (await call(mock, 'getDemographic', { headers })).json;
    for (const json of [{ age: -3 }, { birthDate: '12/04/1990' }, { country: 'New Zealand' }, { age: 'thirty' }]) {
      expectErrorShape(await call(mock, 'replaceDemographic', { headers, json }), 400);
      expectErrorShape(await call(mock, 'updateDemographic', { headers, json }), 400);
    }
    expect((await call(mock, 'getDemographic', { headers })).json).toEqual(before);
  });

  test('device information is stored with PUT and read back with GET', async ({ mock }) => {
    const grant = await registerProfile(mock);
    const headers = asProfile(grant.profileToken);
    const device = { deviceId: 'mock-device-0042', sdkId: 'sahha-android', sdkVersion: '1.3.1', appId: 'com.example.mock', deviceType: 'Pixel', deviceModel: 'Pixel 8', system: 'Android', systemVersion: '14', timeZone: '+01:00' };
    expect((await call(mock, 'getDeviceInformation', { headers })).status).toBe(204);
    expect((await call(mock, 'putDeviceInformation', { headers, json: device })).status).toBe(204);
    expect((await call(mock, 'getDeviceInformation', { headers })).json).toEqual(device);
    expectErrorShape(await call(mock, 'putDeviceInformation', { headers, json: { ...device, timeZone: 'Pacific/Auckland' } }), 400);
  });
});

test.describe('profiles', () => {
  test('profile search pages through the account\'s profiles and filters by externalId text', async ({ mock }) => {
    const all = await call(mock, 'searchProfiles', { headers: account });
    expect(all.status).toBe(200);
    expect(all.json).toMatchObject({ currentPage: 1, pageSize: 20, totalCount: 3, totalPages: 1 });
    const page2 = await call(mock, 'searchProfiles', { headers: account, query: { pageSize: 2, currentPage: 2 } });
    expect(page2.json).toMatchObject({ currentPage: 2, pageSize: 2, totalCount: 3, totalPages: 2 });
    expect(page2.json.items.length).toBe(1);
    const found = await call(mock, 'searchProfiles', { headers: account, query: { searchParameter: 'PROFILE-00' } });
    expect(found.json.items.map((p: { externalId: string }) => p.externalId)).toEqual(['sample-profile-001', 'sample-profile-002']);
    const none = await call(mock, 'searchProfiles', { headers: account, query: { searchParameter: 'mock-nobody' } });
    expect(none.json).toMatchObject({ items: [], totalCount: 0, totalPages: 0 });
    expectErrorShape(await call(mock, 'searchProfiles', { headers: account, query: { pageSize: 500 } }), 400);
  });

  test('the seed-profile control action adds a sample profile with data', async ({ mock }) => {
    const res = await fetch(`${mock.controlUrl}/seed-profile`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ externalId: 'mock-seeded', days: 7 }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ externalId: 'mock-seeded', days: 7, scores: 35 });
    const query = { types: 'sleep', startDateTime: daysAgo(mock, 8) };
    const scores = await call(mock, 'getScoresByExternalId', { pathParams: { externalId: 'mock-seeded' }, headers: account, query });
    expect(scores.json.length).toBe(7);
  });
});
