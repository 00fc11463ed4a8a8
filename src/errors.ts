/**
 * Error classes with stable codes. Every error the suite raises on purpose carries the exit code the CLI
 * should end with: 2 means "could not run" (broken spec, bad arguments, unreachable target, missing or
 * invalid credentials); contract failures are never errors, they are check results.
 */
export type ErrorCode =
  | 'SPEC_INVALID'
  | 'SPEC_NOT_FOUND'
  | 'CONFIG_INVALID'
  | 'CREDENTIALS_MISSING'
  | 'CREDENTIALS_INVALID'
  | 'TARGET_UNREACHABLE'
  | 'REQUEST_TIMEOUT'
  /** The target stopped answering (several requests in a row without an answer): the rest of its run is not sent. */
  | 'TARGET_STOPPED'
  | 'REQUEST_REFUSED'
  /** A step a scenario needs (a user to create, a token to mint) got an answer outside the contract: drift, not a broken run. */
  | 'UNEXPECTED_ANSWER'
  | 'BAD_ARGUMENTS';

export class ConformanceError extends Error {
  readonly code: ErrorCode;
  readonly exitCode = 2;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    // The code is part of the name, so a test's error line says which kind of error it is ("HttpError[REQUEST_TIMEOUT]: ...").
    this.name = `${new.target.name}[${code}]`;
  }
}

/** Codes of errors that mean the target's contract was never judged: a run that could not run, not drift. */
const DRIFT_CODES: ReadonlySet<ErrorCode> = new Set(['UNEXPECTED_ANSWER', 'REQUEST_REFUSED']);

/** Whether the first line of a test's error is one of the suite's own errors that stand for "could not run". */
export function isCouldNotRunError(errorText: string): boolean {
  const m = /^(?:HttpError|ConformanceError)\[([A-Z_]+)\]/.exec(errorText.trim());
  return m !== null && !DRIFT_CODES.has(m[1] as ErrorCode);
}

/**
 * The annotation of a test that ended before it started because its target had stopped answering: the test is
 * skipped by the runner (no worker restart) and reported as could-not-run with the annotation's reason.
 */
export const COULD_NOT_RUN_ANNOTATION = 'could-not-run';

/**
 * The description of the `fail` annotation the suite puts on a test that found a contract failure: Playwright then
 * counts the failure as expected and keeps the worker; the conformance reporter reports the test as failed.
 */
export const CONTRACT_FAILURE = 'contract failure (reported by the conformance reporter; marked expected so the worker is kept)';
