import * as fs from 'node:fs';
import { PROVIDERS } from '../src/openapi';
import { formatMockBanner, sandboxEnvLines, startAllMocks } from '../mocks/launch';
import { parseCommandArgs } from './args';
import { EXIT } from './exit';
import { selectProviders } from './providers';

const USAGE = `Usage: conformance mock [--provider p[,p]] [--host 127.0.0.1] [--write-env file]

Starts the built-in mocks on their default ports (Sahha sandbox 4010, Sahha production 4011, Sonar 4020,
Synheart 4030; override with MOCK_PORT_SAHHA, MOCK_PORT_SAHHA_PRODUCTION, MOCK_PORT_SONAR, MOCK_PORT_SYNHEART)
and prints their base URLs, control URLs and fake credentials. Stop with Ctrl-C. A credential can be given instead
of the generated one as MOCK_<NAME> (MOCK_SONAR_API_KEY; MOCK_<NAME>_PRODUCTION for Sahha's production instance).
  --write-env  also writes the sandbox-target lines (base URLs and fake credentials) to this dotenv file,
               ready for: conformance run --target sandbox --env-file <file>`;

export async function mockCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs({ usage: USAGE, options: { provider: { type: 'string', multiple: true }, host: { type: 'string' }, 'write-env': { type: 'string' } } }, argv);
  if (!args) return EXIT.OK;
  const providers = selectProviders(args.provider as string[] | undefined, PROVIDERS);
  const mocks = await startAllMocks({ providers, host: (args.host as string | undefined) ?? '127.0.0.1' });
  console.log(formatMockBanner(mocks));
  const envFile = args['write-env'] as string | undefined;
  if (envFile) fs.writeFileSync(envFile, sandboxEnvLines(mocks).join('\n') + '\n', { mode: 0o600 });
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await Promise.all(mocks.map((m) => m.close()));
  return EXIT.OK;
}
