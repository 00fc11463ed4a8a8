/**
 * Generated schema checks: collected from the provider's spec (no hand-kept list). For every operation the
 * documented success response is requested once per worker with valid inputs (spec examples + the adapter's
 * fixtures) and every response check runs on that exchange; GEN-AUTH and GEN-NEGATIVE requests are derived
 * from the spec's security and request schemas.
 */
import type { TestInfo } from '@playwright/test';
import {
  authProbes,
  checkAuthRejected,
  checkCredentialRefused,
  checkExamples,
  checkNegativeRejected,
  checkUnknownResource,
  credentialProbes,
  negativeProbes,
  unknownResourceProbes,
  type CredentialProbe,
  RESPONSE_CHECKS,
  type CheckFailure,
  type CheckId,
} from '../../src/checks';
import type { ProviderAdapter, ProviderSession, TokenGrant, ValidRequest } from '../../src/adapters';
import { ConformanceError } from '../../src/errors';
import { loadSpecSync, type OperationInfo, type ProviderName } from '../../src/openapi';
import { strictUndeclared } from '../../src/targets';
import { expect, test } from './fixtures';
import { authFor, validRequests } from './valid-request';

/** Most negative probes generated per operation: enough to show the rule, frugal with a sandbox's rate limits. */
const MAX_NEGATIVE_PROBES = 3;

/** Throws one readable error listing every failure (redacted), after attaching them for the reporter. */
export async function expectNoFailures(testInfo: TestInfo, session: ProviderSession, failures: CheckFailure[]): Promise<void> {
  const errors = failures.filter((f) => f.severity === 'error');
  if (failures.length) {
    await testInfo.attach('check-failures.json', { body: session.redactor.redactText(JSON.stringify(failures, null, 2)), contentType: 'application/json' });
  }
  const warnings = failures.filter((f) => f.severity === 'warning');
  for (const w of warnings) testInfo.annotations.push({ type: 'warning', description: session.redactor.redactText(`${w.check} ${w.title}: ${w.message}`) });
  const text = errors.map((f) => `${f.check} ${f.title}\n${f.message}\n(spec: ${f.pointer})${f.diagnostics?.length ? '\n' + f.diagnostics.map((d) => `  - ${d.message}`).join('\n') : ''}`).join('\n\n');
  expect(errors, session.redactor.redactText(text)).toEqual([]);
}

/** Headers minus the names given (compared case-insensitively). */
function without(headers: Record<string, string>, names: string[]): Record<string, string> {
  const drop = new Set(names.map((n) => n.toLowerCase()));
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !drop.has(k.toLowerCase())));
}

/**
 * The credential a GEN-AUTH credential probe sends: a token of another scheme from the worker's cache, or an unfit
 * one from the adapter. `{skip}` when this provider or target cannot produce it (a credential not configured, a
 * write on the production target).
 */
async function probeCredential(session: ProviderSession, adapter: ProviderAdapter, probe: CredentialProbe): Promise<TokenGrant | { skip: string }> {
  const source = probe.credential;
  try {
    if (source.kind === 'other-scheme') return await session.tokens.get(source.scheme);
    if (!adapter.unfitCredential) return { skip: `The ${adapter.provider} adapter cannot produce ${probe.name}.` };
    return await adapter.unfitCredential(source, session);
  } catch (err) {
    if (err instanceof ConformanceError && (err.code === 'REQUEST_REFUSED' || err.code === 'UNEXPECTED_ANSWER' || err.code === 'CREDENTIALS_MISSING' || err.code === 'BAD_ARGUMENTS')) return { skip: `No ${probe.name} on this target: ${err.message}` };
    throw err;
  }
}

export function defineGeneratedChecks(provider: ProviderName): void {
  const spec = loadSpecSync(provider);
  const prepare = validRequests();

  test.describe(`${provider} generated schema checks`, () => {
    test(`GEN-EXAMPLES every example in the ${provider} spec validates against its own schema`, async ({ session }, testInfo) => {
      await expectNoFailures(testInfo, session, checkExamples(spec));
    });

    for (const op of spec.operations.values()) {
      const success = op.responses.find((r) => /^2\d\d$/.test(r.status));
      for (const check of RESPONSE_CHECKS) {
        test(`${check.id} ${op.operationId} (${op.method.toUpperCase()} ${op.path}) answers as documented`, async ({ session, adapter }, testInfo) => {
          const p = await prepare(op, session, adapter);
          testInfo.skip('skip' in p, 'skip' in p ? p.skip : '');
          if ('skip' in p) return;
          testInfo.annotations.push({ type: 'operation', description: `${op.operationId} ${p.result.status}` });
          const strict = strictUndeclared(session.target.target);
          await expectNoFailures(testInfo, session, check.run({ spec, op, request: { method: op.method, url: p.result.exchange.request.url }, response: p.result, strict }));
          if (check.id === 'GEN-STATUS') {
            // A documented error status passes GEN-STATUS but means the success response was never checked.
            expect(String(p.result.status), `the valid request to ${op.operationId} should reach its documented ${p.request.expectStatus}`).toBe(p.request.expectStatus);
          }
        });
      }
      if (success && op.security.some((alt) => alt.length > 0)) {
        for (const probe of authProbes(spec, op)) {
          test(`GEN-AUTH ${op.operationId} rejects ${probe.name} with 401 in the provider's error shape`, async ({ session, adapter }, testInfo) => {
            const p = await prepare(op, session, adapter);
            testInfo.skip('skip' in p, 'skip' in p ? p.skip : '');
            if ('skip' in p) return;
            const headers = { ...(await authFor(session, p.request.token, adapter.authHeaders)), ...p.request.headers };
            for (const h of probe.removeHeaders) for (const k of Object.keys(headers)) if (k.toLowerCase() === h.toLowerCase()) delete headers[k];
            Object.assign(headers, probe.setHeaders);
            const query: Record<string, unknown> = { ...(p.request.query ?? {}) };
            for (const q of probe.removeQuery) delete query[q];
            Object.assign(query, probe.setQuery);
            const result = await session.api.call(op.operationId, { ...p.request, headers, query: query as ValidRequest['query'], auth: {}, label: `${op.operationId} (${probe.name})` });
            await expectNoFailures(testInfo, session, checkAuthRejected({ spec, op, request: { method: op.method, url: result.exchange.request.url }, response: result }));
          });
        }
      }
      if (success) {
        for (const probe of credentialProbes(spec, op)) {
          test(`GEN-AUTH ${op.operationId} refuses ${probe.name} with ${probe.expect.join(' or ')}`, async ({ session, adapter }, testInfo) => {
            const p = await prepare(op, session, adapter);
            testInfo.skip('skip' in p, 'skip' in p ? p.skip : '');
            if ('skip' in p) return;
            const grant = await probeCredential(session, adapter, probe);
            testInfo.skip('skip' in grant, 'skip' in grant ? grant.skip : '');
            if ('skip' in grant) return;
            const own = { ...(await authFor(session, p.request.token, adapter.authHeaders)), ...p.request.headers };
            const headers = { ...without(own, probe.removeHeaders), ...adapter.authHeaders(probe.credential.scheme, grant.value) };
            const query = Object.fromEntries(Object.entries(p.request.query ?? {}).filter(([k]) => !probe.removeQuery.includes(k)));
            const result = await session.api.call(op.operationId, { ...p.request, headers, query, auth: {}, label: `${op.operationId} (${probe.name})` });
            await expectNoFailures(testInfo, session, checkCredentialRefused({ spec, op, request: { method: op.method, url: result.exchange.request.url }, response: result }, probe.expect));
          });
        }
        if (op.responses.some((r) => r.status === '404')) {
          test(`GEN-NEGATIVE ${op.operationId} answers 404 to a well-formed id that names nothing`, async ({ session, adapter }, testInfo) => {
            const p = await prepare(op, session, adapter);
            testInfo.skip('skip' in p, 'skip' in p ? p.skip : '');
            if ('skip' in p) return;
            const probes = unknownResourceProbes(spec, op, { pathParams: p.request.pathParams ?? {}, query: p.request.query ?? {}, headers: p.request.headers ?? {}, body: p.request.json });
            testInfo.skip(probes.length === 0, `${op.operationId} takes no id a well-formed unknown value can be given.`);
            // The operation's first token kind (x-conformance.tokens) may address any resource; a narrower one (a user
            // token) would be refused before the lookup. A request that carries its credential in headers keeps it.
            const kind = p.request.token === null ? null : (op.conformance.tokens[0] ?? p.request.token);
            const auth = await authFor(session, kind, adapter.authHeaders);
            // The probes are independent refusals: sent together, so a slow target costs one round trip, not one each.
            const failures = await Promise.all(
              probes.map((probe) =>
                test.step(`send: ${session.redactor.redactText(probe.description)}`, async () => {
                  const result = await session.api.call(op.operationId, { pathParams: probe.pathParams, query: probe.query, headers: probe.headers, json: probe.body, auth, label: `${op.operationId} (unknown: ${probe.target})` });
                  return checkUnknownResource({ spec, op, request: { method: op.method, url: result.exchange.request.url }, response: result }).map((f) => ({ ...f, message: `${probe.description}\n${f.message}` }));
                }),
              ),
            );
            await expectNoFailures(testInfo, session, failures.flat());
          });
        }
        test(`GEN-NEGATIVE ${op.operationId} rejects requests that violate its request schema`, async ({ session, adapter }, testInfo) => {
          const p = await prepare(op, session, adapter);
          testInfo.skip('skip' in p, 'skip' in p ? p.skip : '');
          if ('skip' in p) return;
          const probes = negativeProbes(spec, op, { pathParams: p.request.pathParams ?? {}, query: p.request.query ?? {}, headers: p.request.headers ?? {}, body: p.request.json }).slice(0, MAX_NEGATIVE_PROBES);
          testInfo.skip(probes.length === 0, `${op.operationId} documents no request constraint a request can violate.`);
          const auth = await authFor(session, p.request.token, adapter.authHeaders);
          // Independent refusals (nothing they send is accepted): sent together, as the unknown-resource probes are.
          const failures = await Promise.all(
            probes.map((probe) =>
              test.step(`send: ${session.redactor.redactText(probe.description)}`, async () => {
                const result = await session.api.call(op.operationId, { pathParams: probe.pathParams, query: probe.query, headers: probe.headers, json: probe.body, body: probe.rawBody, auth, label: `${op.operationId} (negative: ${probe.description})` });
                return checkNegativeRejected({ spec, op, request: { method: op.method, url: result.exchange.request.url }, response: result }).map((f) => ({ ...f, message: `${probe.description}\n${f.message}` }));
              }),
            ),
          );
          await expectNoFailures(testInfo, session, failures.flat());
        });
      }
    }
  });
}

export type { CheckId };
