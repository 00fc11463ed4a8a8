/** Every fault modifier of the Sonar mock changes exactly the behaviour it names, shown by the per-ID probes. */
import { definition } from '../../../mocks/sonar';
import { alone, sweepFaults } from '../fault-sweep';
import { startSonar } from './helpers';
import { EXPECTED, PROBES } from './probes';

sweepFaults({
  provider: 'sonar',
  definition,
  start: () => startSonar().then(alone),
  probes: PROBES,
  expected: EXPECTED,
  expectedDrift: {
    'sonar.error-details-missing': (d) => d.status >= 400 && d.status < 500,
    'sonar.mobile-token-prefix-wrong': (d) => d.operationId === 'createMobileToken' && d.status === 200,
    'sonar.page-meta-missing': (d) => d.status === 200,
    'sonar.device-active-at-once': (d) => d.operationId === 'createDevice' && d.status === 200,
    'sonar.events-cursor-missing': (d) => d.operationId === 'listEvents' && d.status === 200,
  },
  names: [
    'sonar.missing-auth-accepted',
    'sonar.unknown-key-accepted',
    'sonar.sandbox-user-not-seeded',
    'sonar.live-user-seeded',
    'sonar.environments-shared',
    'sonar.user-token-lifetime-24h',
    'sonar.expired-user-token-accepted',
    'sonar.expired-token-wrong-code',
    'sonar.refresh-keeps-expiry',
    'sonar.mobile-token-scopes-required',
    'sonar.mobile-token-prefix-wrong',
    'sonar.mobile-token-reusable',
    'sonar.mobile-token-never-expires',
    'sonar.mobile-token-accepted-on-rest',
    'sonar.rotated-key-still-valid',
    'sonar.key-lifetime-not-enforced',
    'sonar.user-token-refused-on-reads',
    'sonar.user-token-any-user',
    'sonar.user-token-can-write',
    'sonar.error-details-missing',
    'sonar.unknown-user-empty',
    'sonar.per-page-ignored',
    'sonar.page-meta-missing',
    'sonar.device-active-at-once',
    'sonar.events-cursor-missing',
    'sonar.reference-id-filter-ignored',
    'sonar.deleted-device-history-served',
  ],
  layout: 'serial',
});
