import { loadSpec, PROVIDERS } from '../src/openapi';
import { loadEnvFile } from '../src/targets';
import { SKEW_WARNING_SECONDS, verifyProvider, type ProviderVerification } from '../src/verify';
import { ConformanceError } from '../src/errors';
import { parseCommandArgs } from './args';
import { EXIT } from './exit';
import { selectProviders } from './providers';

const USAGE = `Usage: conformance verify [--provider p[,p]] [--env-file f] [--json]

Checks sandbox credentials in seconds, per provider: obtains each token the suite derives the others from, tries it
on one read-only call chosen from the spec, and says whether it works or why not (missing variable, refused,
revoked, a key of another environment such as sk_live_ where sandbox was meant, unreachable host). Shows the
token lifetimes the provider states and the clock skew between this machine and the provider. Secrets are never
shown: at most a prefix and the last 4 characters. Nothing is created or changed.
  --provider   providers to check (default: every provider with a credential variable set)
  --env-file   dotenv file with credentials and base-URL overrides (default: .env when it exists)
  --json       print the results as JSON instead of sentences
Exit codes: 0 every checked provider works, 2 a credential is missing or does not work, or nothing was configured.`;

const MARK = { ok: 'ok  ', fail: 'FAIL', skip: '--  ' } as const;

function duration(ms: number): string {
  if (ms <= 0) return 'already expired';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.round(minutes / 60)} h`;
}

export function formatVerification(r: ProviderVerification): string {
  if (!r.configured) return `${MARK.skip} ${r.provider}: not configured (no credential variable set); skipped.`;
  const lines = [`${r.ok ? MARK.ok : MARK.fail} ${r.provider} (${r.environment}, ${r.baseUrl})`];
  for (const k of r.kinds) {
    lines.push(`       ${k.kind === '-' ? 'credentials' : k.kind}: ${k.status}. ${k.message}`);
    if (k.lifetimeMs !== null) lines.push(`         lifetime stated by the provider: ${duration(k.lifetimeMs)}`);
  }
  if (r.clockSkewSeconds !== null) {
    const warn = Math.abs(r.clockSkewSeconds) > SKEW_WARNING_SECONDS ? ` (more than ${SKEW_WARNING_SECONDS} s: expiry scenarios may misjudge; sync this machine's clock)` : '';
    lines.push(`       clock skew: ${r.clockSkewSeconds >= 0 ? '+' : ''}${r.clockSkewSeconds} s, provider minus this machine${warn}`);
  }
  if (r.requests) lines.push(`       requests sent: ${r.requests}`);
  return lines.join('\n');
}

export async function verifyCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs({ usage: USAGE, options: { provider: { type: 'string', multiple: true }, 'env-file': { type: 'string' }, json: { type: 'boolean' } } }, argv);
  if (!args) return EXIT.OK;
  loadEnvFile(args['env-file'] as string | undefined);
  const named = args.provider as string[] | undefined;
  const providers = selectProviders(named, PROVIDERS);
  const results: ProviderVerification[] = [];
  for (const provider of providers) {
    const spec = await loadSpec(provider);
    results.push(await verifyProvider(spec, { tolerateUnconfigured: !named, timeoutMs: Number(process.env.CONFORMANCE_TIMEOUT_MS ?? 10_000) }));
  }
  if (args.json) console.log(JSON.stringify(results, null, 2));
  else console.log(results.map(formatVerification).join('\n'));
  if (results.every((r) => !r.configured)) {
    throw new ConformanceError('CREDENTIALS_MISSING', `No provider has credentials set. Set them in the environment or .env (see .env.example; "npx conformance init" writes one), or start the mocks with "conformance mock --write-env mock.env" and pass --env-file mock.env.`);
  }
  return results.every((r) => r.ok) ? EXIT.OK : EXIT.COULD_NOT_RUN;
}
