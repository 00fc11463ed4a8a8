/**
 * `conformance init`: the files a project that installed the package needs to gate on provider drift, written into
 * the current folder from the package's own (derived, never a second copy): a commented .env.example, an empty
 * known-drift baseline and the CI workflow. An existing file is kept unless --force is given, and the command says
 * which files it skipped.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConformanceError } from '../src/errors';
import { PROJECT_ROOT } from '../src/openapi';
import { parseCommandArgs } from './args';
import { EXIT } from './exit';

/** The known-drift baseline `conformance run` and `merge` read from the current folder when it exists. */
export const KNOWN_DRIFT_FILE = 'known-drift.json';

const USAGE = `Usage: conformance init [--force]

Writes into the current folder (your project) what a run needs besides the package:
  .env.example                          every variable the suite reads, commented; copy it to .env (never commit .env)
  ${KNOWN_DRIFT_FILE}                      an empty known-drift baseline (accepted deviations, each with a reason and an
                                        expiry); "conformance run" and "merge" read it from this folder when it exists
  .github/workflows/conformance.yml     CI: pull requests against the built-in mocks (two shards merged into one
                                        report), nightly "conformance verify" and a run against the sandboxes
  --force      overwrite those that exist (by default an existing file is kept and listed as skipped)
Exit codes: 0 written or skipped, 2 a file could not be written.`;

export interface InitFile {
  /** Path relative to the project folder. */
  file: string;
  /** What it is for, in a few words. */
  purpose: string;
  content: () => string;
}

/** The project's .env.example, with the commands as a project that installed the package runs them. */
export function userEnvExample(text: string): string {
  const body = text.replace(/`npm run conformance`/g, '`npx conformance run`').replace(/`npm run mock`/g, '`npx conformance mock`');
  return `# Written by \`npx conformance init\` (${packageLabel()}).\n${body}`;
}

/** The example workflow as it is (it runs the installed package's bin with npx after `npm ci`), under a line that says which version wrote it. */
export function userWorkflow(text: string): string {
  return `# Written by \`npx conformance init\` (${packageLabel()}).\n${text}`;
}

function packageLabel(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  return `${pkg.name} ${pkg.version}`;
}

export const INIT_FILES: readonly InitFile[] = [
  { file: '.env.example', purpose: 'copy it to .env for the sandbox or production target', content: () => userEnvExample(fs.readFileSync(path.join(PROJECT_ROOT, '.env.example'), 'utf8')) },
  { file: KNOWN_DRIFT_FILE, purpose: 'the known-drift baseline, empty', content: () => `${JSON.stringify({ entries: [] }, null, 2)}\n` },
  {
    file: path.join('.github', 'workflows', 'conformance.yml'),
    purpose: 'the CI workflow: pull requests against the mocks, nightly verify and sandbox',
    content: () => userWorkflow(fs.readFileSync(path.join(PROJECT_ROOT, 'examples', 'github-actions', 'conformance.yml'), 'utf8')),
  },
];

export interface InitOutcome {
  written: string[];
  skipped: string[];
}

/** Writes the files into `dir`; existing ones only with `force`. */
export function writeInitFiles(dir: string, force: boolean, files: readonly InitFile[] = INIT_FILES): InitOutcome {
  const outcome: InitOutcome = { written: [], skipped: [] };
  for (const f of files) {
    const target = path.join(dir, f.file);
    if (fs.existsSync(target) && !force) {
      outcome.skipped.push(f.file);
      continue;
    }
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, f.content());
    } catch (err) {
      throw new ConformanceError('CONFIG_INVALID', `${f.file} could not be written in ${dir} (${(err as Error).message}). Run "conformance init" in a folder you can write to.`, { cause: err });
    }
    outcome.written.push(f.file);
  }
  return outcome;
}

export async function initCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs({ usage: USAGE, options: { force: { type: 'boolean' } } }, argv);
  if (!args) return EXIT.OK;
  const dir = process.cwd();
  const outcome = writeInitFiles(dir, Boolean(args.force));
  for (const f of INIT_FILES) {
    if (outcome.written.includes(f.file)) console.log(`Wrote ${f.file}: ${f.purpose}.`);
    else console.log(`Skipped ${f.file}: it exists and was kept (--force overwrites it).`);
  }
  console.log(
    [
      '',
      'Next: "npx conformance run" runs every provider against the built-in mocks (no credentials needed); for a',
      'sandbox, copy .env.example to .env, fill in the credentials, check them with "npx conformance verify", then',
      '"npx conformance run --target sandbox". Keep .env, reports/ and test-results/ out of git (.gitignore).',
    ].join('\n'),
  );
  return EXIT.OK;
}

/** Makes known-drift.json in the current folder the baseline when neither --baseline nor CONFORMANCE_BASELINE names one. */
export function useDefaultBaseline(env: NodeJS.ProcessEnv = process.env): void {
  if (env.CONFORMANCE_BASELINE?.trim()) return;
  const file = path.resolve(KNOWN_DRIFT_FILE);
  if (fs.existsSync(file)) env.CONFORMANCE_BASELINE = file;
}
