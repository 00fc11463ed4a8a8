/** Sahha scopes (SAH-SCP-*): which token kind may call what, and how the token must be presented. */
import { dataWindow, schemeSlot } from '../../../src/adapters/sahha';
import { expect, test } from '../fixtures';
import { callableOn, expectDocumented, expectRejected, ids, items, rawAuthorization } from './support';

/** The reads a profile token makes of its own profile, and the same read by externalId with an account token. */
const OWN_AND_BY_ID: [own: string, byId: string][] = [
  ['getScores', 'getScoresByExternalId'],
  ['getBiomarkers', 'getBiomarkersByExternalId'],
  ['getArchetypes', 'getArchetypesByExternalId'],
  ['getTrends', 'getTrendsByExternalId'],
  ['getComparisons', 'getComparisonsByExternalId'],
];

/** Account endpoints named by the catalog (`/account/profile/{externalId}`, `/profile/score/{externalId}`). */
const ACCOUNT_ENDPOINTS = ['getProfileByExternalId', 'getScoresByExternalId'];
/** Profile-only endpoints named by the catalog (`/profile/demographic`, `/profile/data/log`). */
const PROFILE_ENDPOINTS = ['getDemographic', 'postDataLogs'];

const capitalised = (w: string) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();

test.describe('scopes', () => {
  test('SAH-SCP-1 a profile token reads its own data without an externalId in the path', async ({ session, adapter }) => {
    const profile = await session.tokens.get('profile');
    const externalId = profile.extra!.externalId!;
    const account = await session.tokens.get('account');
    const query = await dataWindow(session, externalId);
    for (const [own, byId] of OWN_AND_BY_ID) {
      await test.step(`${own} with the profile token returns what ${byId} returns for its profile`, async () => {
        expect(session.spec.operation(own).path, `SAH-SCP-1: ${own} names no profile in its path`).not.toContain('{externalId}');
        const mine = await session.api.call(own, { query, auth: adapter.authHeaders('profile', profile.value), label: `SAH-SCP-1: ${own}` });
        const theirs = await session.api.call(byId, { pathParams: { externalId }, query, auth: adapter.authHeaders('account', account.value), label: `SAH-SCP-1: ${byId}` });
        const own200 = items(session, mine, `SAH-SCP-1: ${own} with a profile token`);
        const byId200 = items(session, theirs, `SAH-SCP-1: ${byId} for the token's profile`);
        expect(ids(own200), `SAH-SCP-1: ${own} must return the token's own profile's items (those ${byId} returns for it)`).toEqual(ids(byId200));
      });
    }
  });

  test('SAH-SCP-2 a profile token on an account endpoint is a 401', async ({ session, adapter }) => {
    const profile = await session.tokens.get('profile');
    const externalId = profile.extra!.externalId!;
    for (const operationId of ACCOUNT_ENDPOINTS) {
      for (const scheme of ['profile', 'account']) {
        await test.step(`${operationId} with the profile token behind the "${schemeSlot(scheme).word}" word -> 401`, async () => {
          const res = await session.api.call(operationId, { pathParams: { externalId }, auth: adapter.authHeaders(scheme, profile.value), label: `SAH-SCP-2: ${operationId}` });
          expectRejected(session, res, 401, `SAH-SCP-2: ${operationId} with a profile token (word "${schemeSlot(scheme).word}")`);
        });
      }
    }
  });

  test('SAH-SCP-3 an account token on a profile-only endpoint is a 401', async ({ session, adapter }) => {
    const account = await session.tokens.get('account');
    const dataLogs = session.spec.operation('postDataLogs').requestBody!.content[0]!.examples[0]!.value;
    for (const operationId of PROFILE_ENDPOINTS.filter((id) => callableOn(session, id))) {
      for (const scheme of ['account', 'profile']) {
        await test.step(`${operationId} with the account token behind the "${schemeSlot(scheme).word}" word -> 401`, async () => {
          const json = operationId === 'postDataLogs' ? dataLogs : undefined;
          const res = await session.api.call(operationId, { json, auth: adapter.authHeaders(scheme, account.value), label: `SAH-SCP-3: ${operationId}` });
          expectRejected(session, res, 401, `SAH-SCP-3: ${operationId} with an account token (word "${schemeSlot(scheme).word}")`);
        });
      }
    }
  });

  test('SAH-SCP-4 the scheme word must match the token kind, case-insensitively; Bearer, no word or no header is a 401', async ({ session }) => {
    const account = await session.tokens.get('account');
    const profile = await session.tokens.get('profile');
    const externalId = profile.extra!.externalId!;
    const query = await dataWindow(session, externalId);
    const cases = [
      { scheme: 'account', other: 'profile', token: account.value, operationId: 'getScoresByExternalId' },
      { scheme: 'profile', other: 'account', token: profile.value, operationId: 'getScores' },
    ];
    for (const { scheme, other, token, operationId } of cases) {
      const word = schemeSlot(scheme).word!;
      const call = (headers: Record<string, string>, label: string) => session.api.call(operationId, { pathParams: { externalId }, query, headers, label: `SAH-SCP-4: ${label}` });
      await test.step(`${operationId} with the ${scheme} token: Bearer, no word, the "${schemeSlot(other).word}" word and no header -> 401`, async () => {
        const wrong: [string, Record<string, string>][] = [
          ['"Bearer <token>"', rawAuthorization(scheme, `Bearer ${token}`)],
          ['the token without a word', rawAuthorization(scheme, token)],
          [`"${schemeSlot(other).word} <token>"`, rawAuthorization(scheme, `${schemeSlot(other).word} ${token}`)],
          ['no Authorization header', {}],
        ];
        for (const [how, headers] of wrong) expectRejected(session, await call(headers, how), 401, `SAH-SCP-4: ${operationId} with the ${scheme} token sent as ${how}`);
      });
      await test.step(`${operationId} accepts the "${word}" word in any case`, async () => {
        for (const variant of [word.toLowerCase(), capitalised(word), word.toUpperCase()]) {
          const res = await call(rawAuthorization(scheme, `${variant} ${token}`), `"${variant}"`);
          expectDocumented(session, res, 200, `SAH-SCP-4: ${operationId} with "${variant} <token>"`);
        }
      });
    }
  });
});
