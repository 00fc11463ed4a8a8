/**
 * The `conformance` command line: run | verify | merge | lint | mock | init.
 * Exit codes: 0 conform, 1 contract failures, 2 could not run (unreachable target, bad credentials,
 * broken spec, bad arguments), 130 interrupted.
 */
import { ConformanceError } from '../src/errors';
import { PROVIDERS } from '../src/openapi';
import { EXIT, fail } from './exit';
import { initCommand } from './init';
import { lintCommand } from './lint';
import { mockCommand } from './mock';
import { runCommand } from './run';
import { verifyCommand } from './verify';
import { mergeCommand } from './merge';
import { applySpecOverrides, extractSpecOptions } from './providers';

const USAGE = `Usage: conformance <command> [options]

Commands:
  run      Run the conformance suite (default target: the built-in mocks)
  verify   Check sandbox credentials in seconds, per provider (secrets never shown)
  merge    Join the blob reports of a sharded run into one conformance report
  lint     Lint the provider specs (redocly.yaml rules)
  mock     Start the built-in mocks and print their URLs and fake credentials
  init     Write .env.example, an empty known-drift baseline and a CI workflow into this folder

Run "conformance <command> --help" for the options of a command. Every command also takes
  --spec provider=path   your own copy of a provider's spec instead of the packaged one (repeatable;
                         also CONFORMANCE_SPEC_<PROVIDER>=path)
.env, known-drift.json and reports/ are read and written in the current folder.
Exit codes: 0 conform, 1 contract failures, 2 could not run, 130 interrupted.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const { specs, rest } = extractSpecOptions(args);
  applySpecOverrides(specs, PROVIDERS);
  switch (command) {
    case 'run':
      return runCommand(rest);
    case 'verify':
      return verifyCommand(rest);
    case 'merge':
      return mergeCommand(rest);
    case 'lint':
      return lintCommand(rest);
    case 'mock':
      return mockCommand(rest);
    case 'init':
      return initCommand(rest);
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      console.log(USAGE);
      return command === undefined ? EXIT.COULD_NOT_RUN : EXIT.OK;
    default:
      throw new ConformanceError('BAD_ARGUMENTS', `Unknown command "${command}".\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => fail(err),
);
