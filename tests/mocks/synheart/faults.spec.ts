/** Every fault modifier of the Synheart mock changes exactly the behaviour it names, shown by the per-ID probes. */
import { definition } from '../../../mocks/synheart';
import { alone, sweepFaults } from '../fault-sweep';
import { startSynheart } from './helpers';
import { EXPECTED, PROBES } from './probes';

sweepFaults({
  provider: 'synheart',
  definition,
  start: () => startSynheart().then(alone),
  probes: PROBES,
  expected: EXPECTED,
  expectedDrift: {
    'synheart.rate-limit-without-retry-hint': (d) => d.status === 429,
  },
  names: [
    'synheart.read-scope-refused',
    'synheart.read-scope-not-enforced',
    'synheart.unknown-key-accepted',
    'synheart.missing-auth-accepted',
    'synheart.revocation-delayed',
    'synheart.write-scope-not-enforced',
    'synheart.delete-scope-not-enforced',
    'synheart.allowlist-ignored',
    'synheart.allowlist-message-changed',
    'synheart.app-id-mismatch-accepted',
    'synheart.bad-signature-accepted',
    'synheart.stale-timestamp-accepted',
    'synheart.nonce-replay-accepted',
    'synheart.nonce-forgotten-after-300s',
    'synheart.sdk-body-refused',
    'synheart.size-limit-not-enforced',
    'synheart.consent-bearer-refused',
    'synheart.rate-limit-not-enforced',
    'synheart.rate-limit-without-retry-hint',
    'synheart.environment-tag-matters',
    'synheart.slow-down-not-enforced',
    'synheart.device-code-never-expires',
    'synheart.device-denial-ignored',
    'synheart.device-code-reusable',
    'synheart.max-limit-refused',
    'synheart.deleted-snapshot-still-served',
  ],
  layout: 'serial',
});
