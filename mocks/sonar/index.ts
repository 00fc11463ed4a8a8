/**
 * The Sonar mock: a stateful, spec-driven stand-in for the Sonar Health API. One host serves both environments,
 * as the real one does: the API key's prefix (`sk_sandbox_`, `sk_live_`) picks which one a request sees, so the
 * kernel's environment option changes nothing here.
 */
import type { ProviderMockDefinition } from '../kernel/types';
import { loadSpec } from '../../src/openapi';
import { controlActions, credentials, summarize } from './control';
import { errorBody, rejection } from './errors';
import { faults } from './faults';
import { deviceHandlers } from './handlers/devices';
import { eventHandlers } from './handlers/events';
import { healthDataHandlers } from './handlers/health-data';
import { tokenHandlers } from './handlers/tokens';
import { userHandlers } from './handlers/users';
import { webhookHandlers } from './handlers/webhooks';
import { createSonarState } from './initial-state';
import { readSpecFacts } from './spec-facts';
import type { SonarState } from './state';

export type { SonarState } from './state';

export async function definition(): Promise<ProviderMockDefinition<SonarState>> {
  const spec = await loadSpec('sonar');
  const facts = readSpecFacts(spec);
  return {
    provider: 'sonar',
    spec,
    createState: ({ seed, clock, credentials: given }) => createSonarState({ seed, now: clock.now(), facts, given }),
    handlers: { ...tokenHandlers, ...userHandlers, ...healthDataHandlers, ...deviceHandlers, ...eventHandlers, ...webhookHandlers },
    errorBody,
    rejection,
    faults,
    control: controlActions,
    credentials,
    summarize,
  };
}
