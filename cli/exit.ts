import { ConformanceError } from '../src/errors';

export const EXIT = { OK: 0, CONTRACT_FAILURES: 1, COULD_NOT_RUN: 2, INTERRUPTED: 130 } as const;

/** Prints an error as a sentence (never a stack for expected errors) and sets the exit code. */
export function fail(err: unknown): void {
  if (err instanceof ConformanceError) {
    console.error(`error [${err.code}]: ${err.message}`);
    process.exitCode = err.exitCode;
  } else {
    console.error(`error: could not run: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = EXIT.COULD_NOT_RUN;
  }
}
