/** Reads of the Synheart mock: seeded snapshots over several days, filters, paging, consent profiles, determinism. */
import { expect, test } from './fixtures';
import { definition } from '../../../mocks/synheart';
import { call, expectApiError, KEY, keyOf, WELLNESS_APP, withKey, type Synheart } from './helpers';

type Record = { snapshot_id: string; user_id: string; snapshot: { observed_at_utc: string } };
const reader = (mock: Synheart) => withKey(keyOf(mock, KEY.readOnly));

async function allPages(mock: Synheart, query: { [k: string]: string | number }): Promise<Record[]> {
  const out: Record[] = [];
  let cursor: string | null = null;
  do {
    const res = await call(mock, 'listSnapshots', { headers: reader(mock), query: { ...query, ...(cursor ? { cursor } : {}) } });
    expect(res.status, res.text).toBe(200);
    out.push(...res.json.snapshots);
    cursor = res.json.next_cursor;
  } while (cursor);
  return out;
}

test('the seeded app has several days of snapshots per user, newest first, paged without gaps or repeats', async ({ mock }) => {
  const all = await allPages(mock, { limit: 7 });
  expect(all).toHaveLength(40);
  expect(new Set(all.map((r) => r.snapshot_id)).size).toBe(40);
  expect(new Set(all.map((r) => r.user_id))).toEqual(new Set(['user-0001', 'user-0002']));
  const observed = all.map((r) => Date.parse(r.snapshot.observed_at_utc));
  expect([...observed].sort((a, b) => b - a)).toEqual(observed);
  const days = new Set(all.map((r) => r.snapshot.observed_at_utc.slice(0, 10)));
  expect(days.size).toBe(5);
  expect(Math.max(...observed)).toBeLessThan(mock.clock.now());
});

test('user_id, since and until filter the list; since after until and a foreign cursor are 400', async ({ mock }) => {
  const mine = await allPages(mock, { user_id: 'user-0002' });
  expect(mine).toHaveLength(20);
  expect(mine.every((r) => r.user_id === 'user-0002')).toBe(true);
  const newest = Date.parse(mine[0]!.snapshot.observed_at_utc);
  const since = new Date(newest - 24 * 3600_000).toISOString();
  const until = new Date(newest).toISOString();
  const day = await allPages(mock, { user_id: 'user-0002', since, until });
  expect(day).toHaveLength(4);
  expect(day.every((r) => Date.parse(r.snapshot.observed_at_utc) >= Date.parse(since) && Date.parse(r.snapshot.observed_at_utc) < Date.parse(until))).toBe(true);
  expectApiError(await call(mock, 'listSnapshots', { headers: reader(mock), query: { since: until, until: since } }), 400, 'schema_validation_failed');
  expectApiError(await call(mock, 'listSnapshots', { headers: reader(mock), query: { cursor: 'somebody-elses-cursor' } }), 400, 'schema_validation_failed');
  expect((await call(mock, 'listSnapshots', { headers: reader(mock), query: { user_id: 'nobody' } })).json).toEqual({ snapshots: [], next_cursor: null });
});

test('seeded snapshots are realistic HSI 1.3: scores within 0..1, computed after observed, windows ending at observation', async ({ mock }) => {
  const res = await call(mock, 'getSnapshot', { headers: reader(mock), pathParams: { snapshot_id: (await allPages(mock, { limit: 100 }))[0]!.snapshot_id } });
  const s = res.json.snapshot;
  expect(s.hsi_version).toBe('1.3');
  expect(Date.parse(s.computed_at_utc)).toBeGreaterThan(Date.parse(s.observed_at_utc));
  expect(s.windows.w_main.end_utc).toBe(s.observed_at_utc);
  const readings = Object.values(s.axes).flat() as { score: number | null; direction: string; label?: string }[];
  expect(readings.length).toBeGreaterThan(3);
  for (const r of readings) {
    if (r.direction === 'categorical') expect(r.score).toBeNull();
    else expect(r.score).toBeGreaterThanOrEqual(0);
  }
  expect(s.privacy.contains_pii).toBe(false);
  expect(s.meta.ids.hsi_id).toMatch(/^[0-9a-f-]{36}$/);
});

test('the same seed gives the same data and keys; a reset restores it', async ({ mock }) => {
  const first = await allPages(mock, { limit: 100 });
  const keys = [...mock.state().keys.values()].map((k) => k.secretKey);
  mock.reset();
  expect(await allPages(mock, { limit: 100 })).toEqual(first);
  expect([...mock.state().keys.values()].map((k) => k.secretKey)).toEqual(keys);
  for (const key of keys) expect(key).toMatch(/^syn_sk_mock_[a-z0-9]+$/);
});

test('consent profiles take the key as Authorization: Bearer too, as the core SDK sends it; a bad bearer key is 401', async ({ mock }) => {
  const path = { pathParams: { app_id: WELLNESS_APP }, query: { active_only: true } };
  const byHeader = await call(mock, 'listConsentProfiles', { headers: reader(mock), ...path });
  const bearer = await call(mock, 'listConsentProfiles', { headers: { authorization: `Bearer ${keyOf(mock, KEY.readOnly).secretKey}` }, ...path });
  expect(bearer.status, bearer.text).toBe(200);
  expect(bearer.json).toEqual(byHeader.json);
  expectApiError(await call(mock, 'listConsentProfiles', { headers: { authorization: 'Bearer syn_sk_mock_unknownunknownunkno' }, ...path }), 401, 'invalid_api_key');
  expectApiError(await call(mock, 'listConsentProfiles', { headers: { authorization: `Basic ${keyOf(mock, KEY.readOnly).secretKey}` }, ...path }), 401, 'invalid_api_key');
  expectApiError(await call(mock, 'listSnapshots', { headers: { authorization: `Bearer ${keyOf(mock, KEY.readOnly).secretKey}` } }), 401, 'invalid_api_key');
});

test('consent profiles: active ones by default, retired ones too with active_only=false', async ({ mock }) => {
  const path = { pathParams: { app_id: WELLNESS_APP } };
  const active = await call(mock, 'listConsentProfiles', { headers: reader(mock), ...path });
  expect(active.json.profiles.map((p: { id: string }) => p.id)).toEqual(['cp_mock_standard', 'cp_mock_full']);
  expect(active.json.profiles.filter((p: { is_default: boolean }) => p.is_default)).toHaveLength(1);
  const explicit = await call(mock, 'listConsentProfiles', { headers: reader(mock), ...path, query: { active_only: true } });
  expect(explicit.json).toEqual(active.json);
  const all = await call(mock, 'listConsentProfiles', { headers: reader(mock), ...path, query: { active_only: false } });
  expect(all.json.profiles.map((p: { id: string }) => p.id)).toEqual(['cp_mock_standard', 'cp_mock_full', 'cp_mock_local_2025']);
});

test('credentials name the main key, its signing secret, its app and a read-only key, all fake-looking', async ({ mock }) => {
  const creds = (await definition()).credentials(mock.state());
  const main = keyOf(mock, KEY.main);
  expect(creds).toEqual({
    SYNHEART_API_KEY: main.secretKey,
    SYNHEART_SIGNING_SECRET: main.signingSecret,
    SYNHEART_APP_ID: WELLNESS_APP,
    SYNHEART_READ_ONLY_API_KEY: keyOf(mock, KEY.readOnly).secretKey,
  });
  for (const value of Object.values(creds)) expect(value).toMatch(/mock/);
});

test('the control state summarises keys without secrets, the allowlist, the rate limit and the data per app', async ({ mock }) => {
  const state = (await (await fetch(`${mock.controlUrl}/state`)).json()) as { summary: unknown };
  const text = JSON.stringify(state.summary);
  expect(text).toContain('key_mock_0003');
  expect(text).not.toContain(keyOf(mock, KEY.main).secretKey);
  expect(text).not.toContain(keyOf(mock, KEY.main).signingSecret);
  expect(JSON.stringify(state), 'keys that are not credentials appear nowhere').not.toContain(keyOf(mock, KEY.fullCrud).secretKey);
  expect(text).toContain('"allowlist":["app_mock_0001"]');
  expect(text, 'the Research tier of the protocol document').toContain('"rate_limit":{"limit":600,"windowSeconds":60}');
  expect(text).toContain('{"app_id":"app_mock_0001","snapshots":40}');
});
