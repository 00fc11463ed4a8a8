/** OpenAPI links: the clean-up links of the specs and their runtime expressions. */
import { expect, test } from '@playwright/test';
import { cleanUp, recordCreated, type CreatedResource } from '../../../src/run/cleanup';
import { localStore } from '../../../src/run/store';
import { loadSpec } from '../../../src/openapi';
import { cleanupLinksOf, evaluate, MissingValueError } from '../../../src/openapi/links';

test('runtime expressions read the answer and the request; a missing value is an error, a literal stays', () => {
  const ctx = { request: { pathParams: { user_id: 'usr_fake01' }, query: { page: '2' }, headers: { 'X-Trace': 't1' }, json: { externalId: 'ext-1' } }, response: { status: 201, json: { data: { id: 'dev_fake02' } } } };
  expect(evaluate('$response.body#/data/id', ctx)).toBe('dev_fake02');
  expect(evaluate('$request.path.user_id', ctx)).toBe('usr_fake01');
  expect(evaluate('$request.query.page', ctx)).toBe('2');
  expect(evaluate('$request.header.x-trace', ctx)).toBe('t1');
  expect(evaluate('$statusCode', ctx)).toBe(201);
  expect(evaluate({ externalIds: ['$request.body#/externalId'], reason: 'clean-up' }, ctx)).toEqual({ externalIds: ['ext-1'], reason: 'clean-up' });
  expect(() => evaluate('$response.body#/data/missing', ctx)).toThrow(MissingValueError);
  expect(() => evaluate('$request.path.nope', ctx)).toThrow(/names no value/);
});

test("each creating operation of the specs links to the delete that removes what it made", async () => {
  const links = async (provider: string, op: string, status: number) => cleanupLinksOf(await loadSpec(provider), (await loadSpec(provider)).operation(op), status).map((l) => l.operationId);
  expect(await links('sonar', 'createUser', 201)).toEqual(['deleteUser']);
  expect(await links('sonar', 'createDevice', 200)).toEqual(['deleteDevice']);
  expect(await links('sonar', 'createWebhook', 201)).toEqual(['deleteWebhook']);
  expect(await links('sahha', 'registerProfile', 201)).toEqual(['deleteProfiles']);
  expect(await links('synheart', 'ingestSnapshots', 200)).toEqual(['deleteSnapshot']);
  expect(await links('sonar', 'listUsers', 200)).toEqual([]);
});

test('an answer that names no id is recorded as not deletable, with the reason; --keep leaves everything and lists it', async () => {
  const spec = await loadSpec('synheart');
  const store = localStore();
  const op = spec.operation('ingestSnapshots');
  const answer = (json: unknown) => ({ status: 200, headers: {}, bodyText: JSON.stringify(json), json, durationMs: 1, exchange: undefined as never });
  await recordCreated(store, spec, 'sandbox', op, { json: {} }, answer({ status: 'accepted', snapshot_id: 'hsi_snapshot_fake_01', timestamp: '2026-01-01T00:00:00Z' }));
  await recordCreated(store, spec, 'sandbox', op, { json: {} }, answer({ status: 'accepted', timestamp: '2026-01-01T00:00:00Z' }));
  await recordCreated(store, spec, 'sandbox', op, { json: {} }, { ...answer({}), status: 400 });
  const created = await store.list<CreatedResource>('created');
  expect(created.map((c) => [c.deleteWith, c.pathParams?.snapshot_id, c.unresolved !== undefined])).toEqual([
    ['deleteSnapshot', 'hsi_snapshot_fake_01', false],
    ['deleteSnapshot', undefined, true],
  ]);
  const kept = await cleanUp(created, 'sandbox', { keep: true });
  expect(kept).toMatchObject({ kept: true, created: 2, removed: 0 });
  expect(kept.leftBehind.map((l) => l.reason)).toEqual(['kept for debugging (--keep)', 'kept for debugging (--keep)']);
});
