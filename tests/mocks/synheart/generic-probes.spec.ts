/**
 * The generic probes derived from the spec (GEN-AUTH and GEN-NEGATIVE), sent to the Synheart mock: every request
 * without or with a malformed key is a 401, and every request that violates the spec is a documented 4xx, in the
 * provider's error shape, never a 2xx or 5xx.
 */
import { expect, test } from './fixtures';
import { authProbes, checkAuthRejected, checkNegativeRejected, negativeProbes, type ObservedResponse, type QueryValues, type ValidInputs } from '../../../src/checks';
import { fillPathTemplate, type OperationInfo } from '../../../src/openapi';
import { parseJson } from '../client';
import { CLI_CLIENT, DEVICE_GRANT, ingestBody, KEY, keyOf, signedHeaders, spec, WELLNESS_APP, withKey, type Synheart } from './helpers';

function seededSnapshotId(mock: Synheart): string {
  return [...mock.state().snapshots.values()].find((s) => s.appId === WELLNESS_APP)!.snapshotId;
}

/** A request each operation accepts (with the full-CRUD key, which every key operation takes). */
function validInputs(mock: Synheart, op: OperationInfo): ValidInputs {
  const key = keyOf(mock, KEY.fullCrud);
  const headers = withKey(key);
  switch (op.operationId) {
    case 'ingestSnapshots': {
      const body = ingestBody(mock, key);
      return { pathParams: {}, query: {}, headers: signedHeaders(mock, key, JSON.stringify(body)), body };
    }
    case 'listSnapshots':
      return { pathParams: {}, query: { limit: 5, user_id: 'user-0001' }, headers, body: undefined };
    case 'getSnapshot':
    case 'deleteSnapshot':
      return { pathParams: { snapshot_id: seededSnapshotId(mock) }, query: {}, headers, body: undefined };
    case 'listConsentProfiles':
      return { pathParams: { app_id: WELLNESS_APP }, query: { active_only: true }, headers, body: undefined };
    case 'requestDeviceCode':
      return { pathParams: {}, query: {}, headers: {}, body: { client_id: CLI_CLIENT } };
    case 'exchangeDeviceCode':
      return { pathParams: {}, query: {}, headers: {}, body: { grant_type: DEVICE_GRANT, device_code: 'dc_mock_000000000000000000000000', client_id: CLI_CLIENT } };
    default:
      throw new Error(`No valid inputs for ${op.operationId}; add them here.`);
  }
}

interface Outgoing {
  pathParams: Record<string, string | number>;
  query: QueryValues;
  headers: Record<string, string>;
  body?: unknown;
  rawBody?: string;
}

async function send(mock: Synheart, op: OperationInfo, req: Outgoing): Promise<ObservedResponse> {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query)) for (const item of Array.isArray(v) ? v : [v]) query.append(k, String(item));
  const url = `${mock.baseUrl}${fillPathTemplate(op.path, req.pathParams)}${query.size ? `?${query}` : ''}`;
  const headers = { ...req.headers };
  let body = req.rawBody;
  if (body === undefined && req.body !== undefined) {
    body = JSON.stringify(req.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(url, { method: op.method.toUpperCase(), headers, body });
  const bodyText = await res.text();
  return { status: res.status, headers: Object.fromEntries([...res.headers].map(([k, v]) => [k.toLowerCase(), v])), bodyText, json: parseJson(bodyText) };
}

const ops = [...spec.operations.values()];

test('GEN-AUTH every key operation refuses no key and a malformed key with 401 in the error shape', async ({ mock }) => {
  let probes = 0;
  for (const op of ops) {
    for (const probe of authProbes(spec, op)) {
      mock.reset();
      const valid = validInputs(mock, op);
      const removed = new Set(probe.removeHeaders.map((h) => h.toLowerCase()));
      const headers = { ...Object.fromEntries(Object.entries(valid.headers).filter(([k]) => !removed.has(k.toLowerCase()))), ...probe.setHeaders };
      const response = await send(mock, op, { ...valid, headers });
      expect(checkAuthRejected({ spec, op, request: { method: op.method, url: op.path }, response, strict: true }), `${op.operationId}: ${probe.name}`).toEqual([]);
      probes += 1;
    }
  }
  // Per secured operation: no credentials, and one malformed credential per scheme it accepts (x-api-key, and Bearer where named).
  const schemesOf = (op: (typeof ops)[number]) => new Set(op.security.flat().map((r) => r.scheme)).size;
  expect(probes).toBe(ops.filter((op) => op.security.length > 0).reduce((n, op) => n + 1 + schemesOf(op), 0));
});

test('GEN-NEGATIVE every request that violates the spec is a documented 4xx in the provider\'s error shape', async ({ mock }) => {
  let probes = 0;
  for (const op of ops) {
    mock.reset();
    const valid = validInputs(mock, op);
    expect((await send(mock, op, valid)).status, `${op.operationId} accepts its valid inputs`).toBeLessThan(op.operationId === 'exchangeDeviceCode' ? 401 : 300);
    for (const probe of negativeProbes(spec, op, valid)) {
      mock.reset();
      const response = await send(mock, op, probe);
      expect(checkNegativeRejected({ spec, op, request: { method: op.method, url: op.path }, response, strict: true }), `${op.operationId}: ${probe.description}`).toEqual([]);
      probes += 1;
    }
  }
  expect(probes).toBeGreaterThan(20);
});
