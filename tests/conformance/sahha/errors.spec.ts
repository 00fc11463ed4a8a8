/** Sahha errors (SAH-ERR-*): no data is a 204 with no body; malformed query parameters are a 400 in the error shape. */
import { registerFreshProfile, sampleExternalId } from '../../../src/adapters/sahha';
import { expect, test } from '../fixtures';
import { callableOn, EMPTY_WINDOW, expectNoData, expectRejected, origins } from './support';

/** The data reads by externalId (account token) and of the token's own profile (profile token). */
const READS_BY_ID = ['getScoresByExternalId', 'getBiomarkersByExternalId', 'getArchetypesByExternalId', 'getTrendsByExternalId', 'getComparisonsByExternalId'];
const OWN_READS = ['getScores', 'getBiomarkers', 'getArchetypes', 'getTrends', 'getComparisons', 'getDemographic', 'getDeviceInformation', 'getIntegrations'];
/** Reads by externalId without a date range: a new profile has nothing for them. */
const UNDATED_READS_BY_ID = ['getIntegrationsByExternalId'];

/** Malformed query values and the parameter each error must name. */
const MALFORMED: { operationId: string; query: Record<string, string>; names: string }[] = [
  { operationId: 'getScoresByExternalId', query: { startDateTime: 'last-tuesday' }, names: 'startDateTime' },
  { operationId: 'getScoresByExternalId', query: { types: 'activity,bogus' }, names: 'types' },
  { operationId: 'getBiomarkersByExternalId', query: { categories: 'mood' }, names: 'categories' },
  { operationId: 'getBiomarkersByExternalId', query: { endDateTime: '2024-13-45T99:00:00Z' }, names: 'endDateTime' },
];

test.describe('errors', () => {
  test('SAH-ERR-1 a valid request with no data (empty date range, new profile) is a 204 with no body', async ({ session, adapter }, testInfo) => {
    const account = await session.tokens.get('account');
    const externalId = await sampleExternalId(session);
    await test.step('the sample profile over a date range without data -> 204, no body, on every read by externalId', async () => {
      for (const operationId of READS_BY_ID) {
        const res = await session.api.call(operationId, { pathParams: { externalId }, query: EMPTY_WINDOW, auth: adapter.authHeaders('account', account.value), label: `SAH-ERR-1: ${operationId} empty range` });
        expectNoData(session, res, `SAH-ERR-1: ${operationId} over an empty date range`);
      }
    });
    if (!callableOn(session, 'registerProfile')) {
      testInfo.annotations.push({ type: 'note', description: 'SAH-ERR-1: a new profile cannot be registered on the production target; only the empty date range was checked.' });
      return;
    }
    const fresh = await test.step('register a new profile', () => registerFreshProfile(session));
    await test.step('the new profile reads its own data -> 204, no body, on every read', async () => {
      for (const operationId of OWN_READS) {
        const res = await session.api.call(operationId, { auth: adapter.authHeaders('profile', fresh.profileToken), label: `SAH-ERR-1: ${operationId} new profile` });
        expectNoData(session, res, `SAH-ERR-1: ${operationId} for a new profile`);
      }
    });
    await test.step('the account reads the new profile by externalId -> 204, no body', async () => {
      for (const operationId of [...READS_BY_ID, ...UNDATED_READS_BY_ID]) {
        const res = await session.api.call(operationId, { pathParams: { externalId: fresh.externalId }, auth: adapter.authHeaders('account', account.value), label: `SAH-ERR-1: ${operationId} new profile` });
        expectNoData(session, res, `SAH-ERR-1: ${operationId} for a new profile`);
      }
    });
  });

  test('SAH-ERR-2 malformed query parameters (bad date-time, unknown types value) are a 400 in the error shape', async ({ session, adapter }) => {
    const account = await session.tokens.get('account');
    const profile = await session.tokens.get('profile');
    const externalId = await sampleExternalId(session);
    for (const { operationId, query, names } of MALFORMED) {
      await test.step(`${operationId} with ${new URLSearchParams(query).toString()} -> 400 naming ${names}`, async () => {
        const res = await session.api.call(operationId, { pathParams: { externalId }, query, auth: adapter.authHeaders('account', account.value), label: `SAH-ERR-2: ${operationId}` });
        expectRejected(session, res, 400, `SAH-ERR-2: ${operationId} with ${JSON.stringify(query)}`);
        expect(origins(res).some((o) => o.includes(names)), `SAH-ERR-2: the error of ${operationId} must name query parameter ${names}; it names ${JSON.stringify(origins(res))}`).toBe(true);
      });
    }
    await test.step('the profile token\'s own reads reject an unknown types value -> 400', async () => {
      const res = await session.api.call('getScores', { query: { types: 'steps' }, auth: adapter.authHeaders('profile', profile.value), label: 'SAH-ERR-2: getScores' });
      expectRejected(session, res, 400, 'SAH-ERR-2: getScores with types=steps (not a score type)');
    });
  });
});
