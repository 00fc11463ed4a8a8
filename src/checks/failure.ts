/** Builds the typed failures every check returns: a fixed title, a "Received / Documented" message, a spec pointer. */
import type { Diagnostic } from '../openapi';
import type { CheckFailure, CheckId } from './types';

export interface FailureDetails {
  received: string;
  documented: string;
  pointer: string;
  severity?: CheckFailure['severity'];
  diagnostics?: Diagnostic[];
}

export function failure(check: CheckId, title: string, details: FailureDetails): CheckFailure {
  const out: CheckFailure = {
    check,
    title,
    message: `Received: ${details.received}\nDocumented: ${details.documented}`,
    pointer: details.pointer,
    severity: details.severity ?? 'error',
  };
  if (details.diagnostics?.length) out.diagnostics = details.diagnostics;
  return out;
}

/** "body.score must be number" or, for several, the first one and how many more. */
export function summarise(diagnostics: Diagnostic[]): string {
  const [first] = diagnostics;
  if (!first) return 'no problem';
  return diagnostics.length === 1 ? first.message : `${first.message} (and ${diagnostics.length - 1} more)`;
}

/** A body shortened for a message: at most 80 characters, "an empty body" when there is none. */
export function excerpt(text: string): string {
  if (text.length === 0) return 'an empty body';
  return text.length > 80 ? `${JSON.stringify(text.slice(0, 80))}...` : JSON.stringify(text);
}
