/** Sahha data (SAH-DATA-*): data logs, demographics (PUT replaces, PATCH merges) and the filters of the data reads. */
import { randomUUID } from 'node:crypto';
import { dataWindow, registerFreshProfile, sampleExternalId } from '../../../src/adapters/sahha';
import type { ProviderAdapter, ProviderSession } from '../../../src/adapters';
import { expect, runsOn, test } from '../fixtures';
import { distinct, expectDocumented, expectRejected, items } from './support';

type Json = Record<string, unknown>;

/** A data log from the spec's example of postDataLogs, with a new id and the given changes. */
function dataLog(session: ProviderSession, changes: Json = {}): Json {
  const [example] = session.spec.operation('postDataLogs').requestBody!.content[0]!.examples[0]!.value as Json[];
  return { ...example, id: randomUUID(), ...changes };
}

/** Reads of the sample profile by externalId with the account token, over a window that holds all its kinds of data. */
async function sampleReader(session: ProviderSession, adapter: ProviderAdapter) {
  const account = await session.tokens.get('account');
  const externalId = await sampleExternalId(session);
  const window = await dataWindow(session, externalId, { days: 28 });
  return (operationId: string, query: Json = {}) =>
    session.api.call(operationId, { pathParams: { externalId }, query: { ...window, ...query } as Record<string, string>, auth: adapter.authHeaders('account', account.value), label: `SAH-DATA-3: ${operationId} ${JSON.stringify(query)}` });
}

/** Filters of the data reads: the query, the field it filters on, and the values every item must then have. */
const FILTERS: { operationId: string; query: Json; field: string; expected: string[] }[] = [
  { operationId: 'getScoresByExternalId', query: { types: 'sleep' }, field: 'type', expected: ['sleep'] },
  { operationId: 'getScoresByExternalId', query: { types: 'activity,readiness' }, field: 'type', expected: ['activity', 'readiness'] },
  { operationId: 'getBiomarkersByExternalId', query: { categories: 'vitals' }, field: 'category', expected: ['vitals'] },
  { operationId: 'getBiomarkersByExternalId', query: { types: 'steps' }, field: 'type', expected: ['steps'] },
  { operationId: 'getArchetypesByExternalId', query: { periodicity: 'monthly' }, field: 'periodicity', expected: ['monthly'] },
  { operationId: 'getArchetypesByExternalId', query: { name: 'activity_level' }, field: 'name', expected: ['activity_level'] },
  { operationId: 'getTrendsByExternalId', query: { category: 'factor' }, field: 'category', expected: ['factor'] },
  { operationId: 'getTrendsByExternalId', query: { periodicity: 'daily' }, field: 'periodicity', expected: ['daily'] },
  { operationId: 'getComparisonsByExternalId', query: { category: 'biomarker' }, field: 'category', expected: ['biomarker'] },
  { operationId: 'getComparisonsByExternalId', query: { name: 'sleep' }, field: 'name', expected: ['sleep'] },
];

test.describe('data', () => {
  test('SAH-DATA-1 posted data logs are accepted with 200; an invalid log item is a 400', async ({ session, adapter, target }, testInfo) => {
    runsOn(testInfo, target, ['mock', 'sandbox'], 'SAH-DATA-1');
    const fresh = await test.step('register a new profile to post to', () => registerFreshProfile(session));
    const post = (json: unknown, label: string) => session.api.call('postDataLogs', { json, query: { fireLogEvents: false }, auth: adapter.authHeaders('profile', fresh.profileToken), label: `SAH-DATA-1: ${label}` });
    await test.step('two valid logs -> 200 with no body', async () => {
      const res = await post([dataLog(session), dataLog(session, { logType: 'sleep', dataType: 'sleep_stage_deep', unit: 'minute', value: 42 })], 'valid logs');
      expectDocumented(session, res, 200, 'SAH-DATA-1: postDataLogs with valid logs');
      expect(res.bodyText, 'SAH-DATA-1: the 200 of postDataLogs has no body').toBe('');
    });
    const invalid: [string, unknown][] = [
      ['an unknown logType', [dataLog(session, { logType: 'mood' })]],
      ['a value that is not a number', [dataLog(session, { value: 'many' })]],
      ['a startDateTime that is not a date-time', [dataLog(session, { startDateTime: 'yesterday' })]],
      ['an endDateTime before its startDateTime', [dataLog(session), dataLog(session, { startDateTime: '2024-01-15T09:00:00+00:00', endDateTime: '2024-01-15T08:00:00+00:00' })]],
      ['an empty batch', []],
    ];
    for (const [what, json] of invalid) {
      await test.step(`a batch with ${what} -> 400 in the error shape`, async () => {
        expectRejected(session, await post(json, what), 400, `SAH-DATA-1: postDataLogs with ${what}`);
      });
    }
  });

  test('SAH-DATA-2 demographic PUT replaces, PATCH merges, GET shows the result', async ({ session, adapter, target }, testInfo) => {
    runsOn(testInfo, target, ['mock', 'sandbox'], 'SAH-DATA-2');
    const fresh = await test.step('register a new profile', () => registerFreshProfile(session));
    const auth = adapter.authHeaders('profile', fresh.profileToken);
    const write = async (operationId: 'replaceDemographic' | 'updateDemographic', json: Json) => {
      const res = await session.api.call(operationId, { json, auth, label: `SAH-DATA-2: ${operationId}` });
      expectDocumented(session, res, 204, `SAH-DATA-2: ${operationId} ${JSON.stringify(json)}`);
    };
    const expectStored = async (expected: Json, what: string) => {
      const res = await session.api.call('getDemographic', { auth, label: 'SAH-DATA-2: getDemographic' });
      expectDocumented(session, res, 200, `SAH-DATA-2: getDemographic ${what}`);
      expect(res.json, `SAH-DATA-2: getDemographic ${what}`).toEqual(expected);
    };
    await test.step('PUT {age, gender, country} -> GET shows exactly those', async () => {
      await write('replaceDemographic', { age: 34, gender: 'female', country: 'NZ' });
      await expectStored({ age: 34, gender: 'female', country: 'NZ' }, 'after the first PUT');
    });
    await test.step('PUT {occupation} replaces everything -> GET shows only occupation', async () => {
      await write('replaceDemographic', { occupation: 'engineer' });
      await expectStored({ occupation: 'engineer' }, 'after a PUT that replaces');
    });
    await test.step('PATCH {age} merges -> GET shows occupation and age', async () => {
      await write('updateDemographic', { age: 35 });
      await expectStored({ occupation: 'engineer', age: 35 }, 'after a PATCH that merges');
    });
    await test.step('PATCH {occupation: null} unsets occupation -> GET shows age only', async () => {
      await write('updateDemographic', { occupation: null });
      await expectStored({ age: 35 }, 'after a PATCH that unsets a field');
    });
  });

  test('SAH-DATA-3 scores, biomarkers, archetypes, trends and comparisons filter by types/categories, dates and periodicity', async ({ session, adapter }) => {
    const read = await sampleReader(session, adapter);
    for (const { operationId, query, field, expected } of FILTERS) {
      await test.step(`${operationId} ${new URLSearchParams(query as Record<string, string>).toString()} -> only ${field} ${expected.join(', ')}`, async () => {
        const list = items(session, await read(operationId, query), `SAH-DATA-3: ${operationId} filtered by ${JSON.stringify(query)}`);
        expect(distinct(list, field), `SAH-DATA-3: the ${field} values ${operationId} returns when filtered by ${JSON.stringify(query)}`).toEqual(expected);
      });
    }
    await test.step('the categories the native SDKs added (exercise, device, nutrition) are accepted: 200 or 204, never 400', async () => {
      const res = await read('getBiomarkersByExternalId', { categories: 'exercise,device,nutrition' });
      expect([200, 204], `SAH-DATA-3: getBiomarkersByExternalId with categories=exercise,device,nutrition answered ${res.status}`).toContain(res.status);
      expectDocumented(session, res, res.status, 'SAH-DATA-3: getBiomarkersByExternalId with the newer categories');
      if (res.status === 200) expect(distinct(res.json as Json[], 'category').filter((c) => !['exercise', 'device', 'nutrition'].includes(c)), 'SAH-DATA-3: categories outside the filter').toEqual([]);
    });
    await test.step('scores in a 3-day window all fall inside it, newest first', async () => {
      const end = Date.parse((await dataWindow(session, await sampleExternalId(session))).endDateTime);
      const window = { startDateTime: new Date(end - 3 * 86_400_000).toISOString(), endDateTime: new Date(end).toISOString() };
      const list = items(session, await read('getScoresByExternalId', window), 'SAH-DATA-3: getScoresByExternalId in a 3-day window');
      const times = list.map((s) => Date.parse(String(s.scoreDateTime)));
      const outside = times.filter((t) => t < Date.parse(window.startDateTime) || t > end);
      expect(outside.map((t) => new Date(t).toISOString()), `SAH-DATA-3: scores outside ${window.startDateTime}..${window.endDateTime}`).toEqual([]);
      expect(times, 'SAH-DATA-3: scores are newest first').toEqual([...times].sort((a, b) => b - a));
    });
  });
});
