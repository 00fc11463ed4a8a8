/** Where the provider mocks live and on which ports `npm run mock` starts them. */
import * as path from 'node:path';
import { ConformanceError } from '../src/errors';
import { PROVIDERS, type ProviderName } from '../src/openapi';
import type { ProviderMockDefinition } from './kernel/types';

export type MockEnvironment = 'sandbox' | 'production';

/** Default port of each instance `npm run mock` starts (Sahha runs a sandbox and a production instance). */
export const MOCK_DEFAULT_PORTS: Readonly<Record<ProviderName, Partial<Record<MockEnvironment, number>>>> = {
  sahha: { sandbox: 4010, production: 4011 },
  sonar: { sandbox: 4020 },
  synheart: { sandbox: 4030 },
};

/** The environment variable that overrides an instance's port ("MOCK_PORT_SAHHA_PRODUCTION"). */
export function mockPortVariable(provider: ProviderName, environment: MockEnvironment): string {
  return `MOCK_PORT_${provider.toUpperCase()}${environment === 'production' ? '_PRODUCTION' : ''}`;
}

/** The port of an instance: its variable when set (an integer from 0 to 65535), else the default. */
export function mockPort(provider: ProviderName, environment: MockEnvironment, env: NodeJS.ProcessEnv = process.env): number {
  const variable = mockPortVariable(provider, environment);
  const raw = env[variable]?.trim();
  const fallback = MOCK_DEFAULT_PORTS[provider][environment];
  if (raw === undefined || raw === '') {
    if (fallback === undefined) throw new ConformanceError('CONFIG_INVALID', `The ${provider} mock has no ${environment} instance; set ${variable} only for the instances in MOCK_DEFAULT_PORTS.`);
    return fallback;
  }
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConformanceError('CONFIG_INVALID', `${variable}=${raw} is not a port; set it to an integer from 0 to 65535.`);
  return port;
}

/**
 * The variable that gives an instance one of its credentials instead of the generated fake one: the name the mock
 * prints with MOCK_ before it, and _PRODUCTION after it for a production instance
 * (MOCK_SONAR_API_KEY, MOCK_SAHHA_CLIENT_SECRET_PRODUCTION).
 */
export function mockCredentialVariable(name: string, environment: MockEnvironment): string {
  return `MOCK_${name}${environment === 'production' ? '_PRODUCTION' : ''}`;
}

/** The variable naming a file to which the mocks append every answer (MockOptions.exchangeLog). */
export const MOCK_EXCHANGE_LOG_VARIABLE = 'MOCK_EXCHANGE_LOG';

/**
 * What an instance takes from the environment: its credentials (mockCredentialVariable) and the exchange log.
 * Only MOCK_* variables count, so the credentials of a real sandbox in .env never reach a mock.
 */
export function mockOptionsFromEnv(provider: ProviderName, environment: MockEnvironment, env: NodeJS.ProcessEnv = process.env): { credentials: Record<string, string>; exchangeLog?: string } {
  const prefix = `MOCK_${provider.toUpperCase()}_`;
  const suffix = '_PRODUCTION';
  const credentials: Record<string, string> = {};
  for (const [variable, value] of Object.entries(env)) {
    if (!variable.startsWith(prefix) || value === undefined || value.trim() === '') continue;
    const forProduction = variable.endsWith(suffix);
    if (forProduction !== (environment === 'production')) continue;
    credentials[variable.slice('MOCK_'.length, forProduction ? -suffix.length : undefined)] = value.trim();
  }
  const exchangeLog = env[MOCK_EXCHANGE_LOG_VARIABLE]?.trim() || undefined;
  return { credentials, ...(exchangeLog ? { exchangeLog } : {}) };
}

function isProvider(name: string): name is ProviderName {
  return (PROVIDERS as readonly string[]).includes(name);
}

/** Loads mocks/<provider> and builds its definition. */
export async function loadMockDefinition(provider: string): Promise<ProviderMockDefinition<unknown>> {
  if (!isProvider(provider)) throw new ConformanceError('BAD_ARGUMENTS', `There is no mock for "${provider}". Known: ${PROVIDERS.join(', ')}.`);
  let mod: { definition?: () => Promise<ProviderMockDefinition<unknown>> };
  try {
    mod = require(path.join(__dirname, provider)) as typeof mod;
  } catch (err) {
    throw new ConformanceError('CONFIG_INVALID', `The ${provider} mock could not be loaded from mocks/${provider}: ${(err as Error).message}`, { cause: err });
  }
  if (typeof mod.definition !== 'function') throw new ConformanceError('CONFIG_INVALID', `mocks/${provider}/index.ts must export "async function definition()"; it does not.`);
  return mod.definition();
}
