/**
 * The Sahha mock: a stateful, spec-driven stand-in for the Sahha API. One instance serves one environment
 * (opts.environment of the kernel); sandbox and production have their own credentials and token stores.
 */
import type { ProviderMockDefinition } from '../kernel/types';
import { loadSpec } from '../../src/openapi';
import { controlActions, credentials, summarize } from './control';
import { errorBody, rejection } from './errors';
import { faults, genericFaultBreaks } from './faults';
import { integrationHandlers } from './handlers/integrations';
import { profileHandlers } from './handlers/profiles';
import { profileMetadataHandlers } from './handlers/profile-metadata';
import { readHandlers } from './handlers/reads';
import { tokenHandlers } from './handlers/tokens';
import { createSahhaState } from './initial-state';
import { readSpecFacts } from './spec-facts';
import { asEnvironment, type SahhaState } from './state';

export type { SahhaState } from './state';

export async function definition(): Promise<ProviderMockDefinition<SahhaState>> {
  const spec = await loadSpec('sahha');
  const facts = readSpecFacts(spec);
  return {
    provider: 'sahha',
    spec,
    createState: ({ seed, clock, environment, credentials: given }) => createSahhaState({ seed, clock, environment: asEnvironment(environment), spec: facts, given }),
    handlers: { ...tokenHandlers, ...profileHandlers, ...profileMetadataHandlers, ...readHandlers, ...integrationHandlers },
    errorBody,
    rejection,
    faults,
    genericFaultBreaks,
    control: controlActions,
    credentials,
    summarize,
  };
}
