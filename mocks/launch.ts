/** Starts the built-in mocks on their ports (`npm run mock`) and describes them for a person. */
import { ConformanceError } from '../src/errors';
import { PROVIDERS, type ProviderName } from '../src/openapi';
import { baseUrlVariable } from '../src/targets';
import { startMock } from './kernel';
import type { RunningMock } from './kernel/types';
import { loadMockDefinition, MOCK_DEFAULT_PORTS, mockOptionsFromEnv, mockPort, mockPortVariable, type MockEnvironment } from './registry';

export interface StartAllOptions {
  /** Default: every provider. */
  providers?: readonly ProviderName[];
  /** Default "127.0.0.1". */
  host?: string;
  /** Ports that win over the environment variables and the defaults (0 picks a free port). */
  ports?: Partial<Record<ProviderName, Partial<Record<MockEnvironment, number>>>>;
  /** Where the MOCK_PORT_* variables, the instances' credentials and MOCK_EXCHANGE_LOG are read (registry.ts). Default: process.env. */
  env?: NodeJS.ProcessEnv;
}

const isPortInUse = (err: unknown) => err instanceof ConformanceError && (err.cause as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';

async function startInstance(provider: ProviderName, environment: MockEnvironment, port: number, host: string, def: Awaited<ReturnType<typeof loadMockDefinition>>, env: NodeJS.ProcessEnv): Promise<RunningMock<unknown>> {
  try {
    return await startMock(def, { environment, port, host, ...mockOptionsFromEnv(provider, environment, env) });
  } catch (err) {
    if (!isPortInUse(err)) throw err;
    const variable = mockPortVariable(provider, environment);
    throw new ConformanceError('CONFIG_INVALID', `Port ${port} on ${host} is already in use, so the ${provider} ${environment} mock cannot start. Stop what uses it, or set ${variable} to a free port.`, { cause: err });
  }
}

/** Starts every instance of the chosen providers (Sahha twice: sandbox and production); on a failure none stays up. */
export async function startAllMocks(opts: StartAllOptions = {}): Promise<RunningMock<unknown>[]> {
  const host = opts.host ?? '127.0.0.1';
  const started: RunningMock<unknown>[] = [];
  try {
    for (const provider of opts.providers ?? PROVIDERS) {
      const def = await loadMockDefinition(provider);
      for (const environment of Object.keys(MOCK_DEFAULT_PORTS[provider]) as MockEnvironment[]) {
        const port = opts.ports?.[provider]?.[environment] ?? mockPort(provider, environment, opts.env);
        started.push(await startInstance(provider, environment, port, host, def, opts.env ?? process.env));
      }
    }
    return started;
  } catch (err) {
    await Promise.all(started.map((m) => m.close()));
    throw err;
  }
}

function describe(mock: RunningMock<unknown>): string[] {
  return [
    `  ${mock.provider} (${mock.environment})`,
    `    API:     ${mock.baseUrl}`,
    `    control: ${mock.controlUrl}`,
    ...Object.entries(mock.credentials()).map(([name, value]) => `    ${name}=${value}`),
  ];
}

/** The lines a person pastes into .env to run the suite's sandbox target against the sandbox instances. */
export function sandboxEnvLines(mocks: RunningMock<unknown>[]): string[] {
  const sandbox = mocks.filter((m) => m.environment === 'sandbox');
  return ['CONFORMANCE_TARGET=sandbox', ...sandbox.flatMap((m) => [`${baseUrlVariable(m.provider)}=${m.baseUrl}`, ...Object.entries(m.credentials()).map(([name, value]) => `${name}=${value}`)])];
}

/** What `npm run mock` prints: each instance's URLs and fake credentials, then the .env lines for the sandbox target. */
export function formatMockBanner(mocks: RunningMock<unknown>[]): string {
  return [
    'Built-in mocks running (every credential below is fake). Stop with Ctrl-C.',
    '',
    ...mocks.flatMap((m) => [...describe(m), '']),
    'To run the suite against them as the sandbox target, put these lines in .env:',
    '',
    ...sandboxEnvLines(mocks),
  ].join('\n');
}
