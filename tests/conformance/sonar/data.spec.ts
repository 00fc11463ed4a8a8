/** Sonar data paging (SON-PAGE-1): list endpoints page with page/per_page (at most 100) and return meta. */
import { workerUserId } from '../../../src/adapters/sonar';
import type { ProviderSession } from '../../../src/adapters';
import type { ApiResult } from '../../../src/targets/api';
import { expect, test } from '../fixtures';
import { expectError, listData, withApiKey } from './support';

/** The documented largest page (components.parameters.PerPage). */
const MAX_PER_PAGE = 100;
const SMALL_PAGE = 5;

/** The documented default page size (components.parameters.PerPage's default). */
const defaultPerPage = (session: ProviderSession): number => {
  const param = session.spec.document.components?.parameters?.PerPage as { schema?: { default?: number } } | undefined;
  const value = param?.schema?.default;
  if (typeof value !== 'number') throw new Error('The sonar spec gives no default for components.parameters.PerPage.');
  return value;
};

type Meta = { page: number; per_page: number; total: number };

/** One page of the worker user's scores. */
async function scoresPage(session: ProviderSession, query: Record<string, number>, label: string): Promise<ApiResult> {
  return withApiKey(session, 'listScores', { pathParams: { user_id: await workerUserId(session) }, query, label });
}

/** The page holds what `meta` says it should: min(per_page, what is left after the earlier pages). */
function expectPage(session: ProviderSession, res: ApiResult, page: number, perPage: number, what: string): { data: Record<string, unknown>[]; meta: Meta } {
  const data = listData(session, res, what);
  const meta = (res.json as { meta?: Meta }).meta;
  expect(meta, `${what}: a paged list must return meta {page, per_page, total}`).toBeDefined();
  expect({ page: meta!.page, per_page: meta!.per_page }, `${what}: meta echoes the page asked for`).toEqual({ page, per_page: perPage });
  const expected = Math.max(0, Math.min(perPage, meta!.total - (page - 1) * perPage));
  expect(data.length, `${what}: items on page ${page} of ${perPage} with total ${meta!.total}`).toBe(expected);
  return { data, meta: meta! };
}

test.describe('data', () => {
  test('SON-PAGE-1 list endpoints page with page/per_page (max 100) and return meta', async ({ session }) => {
    const first = await test.step(`page 1 of ${SMALL_PAGE} scores`, async () => expectPage(session, await scoresPage(session, { page: 1, per_page: SMALL_PAGE }, 'SON-PAGE-1 page 1'), 1, SMALL_PAGE, 'SON-PAGE-1: listScores page 1'));
    await test.step(`page 2 of ${SMALL_PAGE} continues where page 1 stopped`, async () => {
      const second = expectPage(session, await scoresPage(session, { page: 2, per_page: SMALL_PAGE }, 'SON-PAGE-1 page 2'), 2, SMALL_PAGE, 'SON-PAGE-1: listScores page 2');
      expect(second.meta.total, 'SON-PAGE-1: total is the same on every page').toBe(first.meta.total);
      const repeated = second.data.filter((item) => first.data.some((f) => f.id === item.id));
      expect(repeated.length, 'SON-PAGE-1: page 2 must not repeat items of page 1').toBe(0);
    });
    await test.step(`per_page ${MAX_PER_PAGE} is accepted`, async () => {
      expectPage(session, await scoresPage(session, { page: 1, per_page: MAX_PER_PAGE }, 'SON-PAGE-1 max'), 1, MAX_PER_PAGE, `SON-PAGE-1: listScores per_page ${MAX_PER_PAGE}`);
    });
    await test.step(`per_page ${MAX_PER_PAGE + 1} -> 400 invalid_request`, async () => {
      expectError(session, await scoresPage(session, { per_page: MAX_PER_PAGE + 1 }, 'SON-PAGE-1 over max'), 400, 'invalid_request', `SON-PAGE-1: listScores per_page ${MAX_PER_PAGE + 1}`);
    });
    await test.step('the users list pages the same way', async () => {
      expectPage(session, await withApiKey(session, 'listUsers', { query: { page: 1, per_page: 1 }, label: 'SON-PAGE-1 users' }), 1, 1, 'SON-PAGE-1: listUsers per_page 1');
    });
    await test.step("the users list filtered by the worker user's reference_id holds that user alone", async () => {
      const own = await withApiKey(session, 'getUser', { pathParams: { user_id: await workerUserId(session) }, label: 'SON-PAGE-1 own user' });
      const referenceId = (own.json as { data: { reference_id: string } }).data.reference_id;
      const { data, meta } = expectPage(session, await withApiKey(session, 'listUsers', { query: { reference_id: referenceId }, label: 'SON-PAGE-1 reference_id' }), 1, defaultPerPage(session), 'SON-PAGE-1: listUsers reference_id');
      expect(data.map((u) => u.reference_id), `SON-PAGE-1: listUsers?reference_id=${session.redactor.redactText(referenceId)} must list only the users with that reference id`).toEqual([referenceId]);
      expect(meta.total, 'SON-PAGE-1: meta.total of the filtered list').toBe(1);
    });
  });
});
