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
  | 'REQUEST_REFUSED'
  | 'BAD_ARGUMENTS';

export class ConformanceError extends Error {
  readonly code: ErrorCode;
  readonly exitCode = 2;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}
