/**
 * The Synheart mock: a stateful, spec-driven stand-in for the Synheart Platform API (key-authenticated,
 * HMAC-signed ingestion, snapshot reads and deletes, consent profiles) and the CLI's device-flow login.
 * The environment tag of a key changes nothing, so both environments of the kernel serve the same behaviour.
 */
import type { ProviderMockDefinition } from '../kernel/types';
import { loadSpec } from '../../src/openapi';
import { controlActions, credentials, summarize } from './control';
import { errorBodyFor, rejection } from './errors';
import { faults } from './faults';
import { consentHandlers } from './handlers/consent';
import { deviceFlowHandlers } from './handlers/device-flow';
import { ingestHandlers } from './handlers/ingest';
import { snapshotHandlers } from './handlers/snapshots';
import { createSynheartState } from './initial-state';
import { readSpecFacts } from './spec-facts';
import type { SynheartState } from './state';

export type { SynheartState } from './state';

export async function definition(): Promise<ProviderMockDefinition<SynheartState>> {
  const spec = await loadSpec('synheart');
  const facts = readSpecFacts(spec);
  return {
    provider: 'synheart',
    spec,
    createState: ({ seed, clock, environment, credentials: given }) => createSynheartState({ seed, now: clock.now(), environment, spec: facts, given }),
    handlers: { ...ingestHandlers, ...snapshotHandlers, ...consentHandlers, ...deviceFlowHandlers },
    errorBody: errorBodyFor(spec),
    rejection,
    faults,
    control: controlActions,
    credentials,
    summarize,
    genericFaultBreaks: {
      // A 2xx turned into 418: a read, the retry after a 429 and the approved login no longer succeed.
      'generic.undocumented-status': ['SYN-AUTH-1', 'SYN-RATE-1', 'SYN-CLI-1'],
      // {"oops": ...} bodies lose the documented allowlist message, the RFC 8628 error codes that are the login's
      // states, and the 429's retry_after, the wait the SDK reads from the body.
      'generic.error-shape-changed': ['SYN-ING-1', 'SYN-CLI-1', 'SYN-RATE-1'],
      // Without its documented headers a 429 loses Retry-After (the wait a generic HTTP client reads), and the
      // device flow's token answer loses the Cache-Control: no-store RFC 6749 section 5.1 requires.
      'generic.missing-header': ['SYN-RATE-1', 'SYN-CLI-1'],
    },
  };
}
