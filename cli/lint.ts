import { formatProblem, lintSpecFile, PROVIDERS, specFileFor } from '../src/openapi';
import { EXIT } from './exit';
import { parseCommandArgs } from './args';
import { selectProviders } from './providers';

const USAGE = `Usage: conformance lint [--provider p[,p]] [--file spec.yaml]

Lints the provider specs with the project's redocly.yaml (recommended rules plus the project's own).
Exit 0 when every spec is clean, 2 when a spec has problems (each printed as file:line:col [rule] message (at #/pointer)).`;

export async function lintCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs({ usage: USAGE, options: { provider: { type: 'string', multiple: true }, file: { type: 'string', multiple: true } } }, argv);
  if (!args) return EXIT.OK;
  const files = (args.file as string[] | undefined) ?? selectProviders(args.provider as string[] | undefined, PROVIDERS).map(specFileFor);
  let problems = 0;
  for (const file of files) {
    const result = await lintSpecFile(file);
    problems += result.problems.length;
    if (result.problems.length === 0) console.log(`${file}: no problems`);
    for (const p of result.problems) console.log(formatProblem(p));
  }
  return problems === 0 ? EXIT.OK : EXIT.COULD_NOT_RUN;
}
