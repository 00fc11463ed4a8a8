/** Every fault modifier of the Sahha mock changes exactly the behaviour it names, shown by the per-ID probes. */
import { expect } from '@playwright/test';
import { definition } from '../../../mocks/sahha';
import { sweepFaults } from '../fault-sweep';
import { startSahha } from './helpers';
import { EXPECTED, PROBES } from './probes';

const { test, run } = sweepFaults({
  provider: 'sahha',
  definition,
  start: async () => {
    const [sandbox, production] = await Promise.all([startSahha('sandbox'), startSahha('production')]);
    return { target: { sandbox, production }, instances: [sandbox, production] };
  },
  probes: PROBES,
  expected: EXPECTED,
  expectedDrift: {
    'sahha.account-token-short-lived': (d) => d.operationId === 'getAccountToken' && d.status === 200,
    'sahha.account-token-without-token-type': (d) => d.operationId === 'getAccountToken' && d.status === 200,
    'sahha.auth-error-without-body': (d) => d.status === 401,
  },
  names: [
    'sahha.environments-mixed',
    'sahha.cross-environment-token-accepted',
    'sahha.account-token-short-lived',
    'sahha.wrong-client-secret-accepted',
    'sahha.register-token-short-lived',
    'sahha.duplicate-external-id-accepted',
    'sahha.wrong-app-secret-accepted',
    'sahha.profile-token-unusable',
    'sahha.bogus-refresh-token-accepted',
    'sahha.expired-token-accepted',
    'sahha.profile-token-reads-other-profile',
    'sahha.profile-token-on-account-endpoint',
    'sahha.account-token-on-profile-endpoint',
    'sahha.scheme-word-ignored',
    'sahha.scheme-word-case-sensitive',
    'sahha.no-data-as-empty-array',
    'sahha.malformed-query-ignored',
    'sahha.invalid-data-log-accepted',
    'sahha.demographic-put-merges',
    'sahha.filters-ignored',
    'sahha.missing-auth-accepted',
    'sahha.removed-profile-token-served',
    'sahha.auth-error-without-body',
    'sahha.account-token-without-token-type',
    'sahha.refresh-requires-authorization',
    'sahha.new-biomarker-category-refused',
  ],
  layout: 'parallel',
});

test('the generic faults that Sahha says break its IDs change the probes of those IDs', async ({ probed }) => {
  const { genericFaultBreaks } = await definition();
  expect(Object.keys(genericFaultBreaks ?? {}).length).toBeGreaterThan(0);
  for (const [name, ids] of Object.entries(genericFaultBreaks ?? {})) {
    const outcomes = await run(probed, [name]);
    for (const id of ids) expect(outcomes[id], `${name} must break ${id}`).not.toBe(EXPECTED[id]);
  }
});
