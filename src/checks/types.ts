/**
 * Contract of the generic checks (src/checks): small named functions over (operation, exchange) that return
 * typed failures. Checks know specs and responses; they never make a request.
 */
import type { Diagnostic, OperationInfo, Spec } from '../spec';

export type CheckId =
  | 'GEN-STATUS'
  | 'GEN-CTYPE'
  | 'GEN-SCHEMA'
  | 'GEN-HEADERS'
  | 'GEN-UNDECLARED'
  | 'GEN-AUTH'
  | 'GEN-NEGATIVE'
  | 'GEN-EXAMPLES'
  | 'GEN-COVERAGE';

/** The part of a response a check may look at. */
export interface ObservedResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  bodyText: string;
  json: unknown;
}

export interface CheckContext {
  spec: Spec;
  op: OperationInfo;
  request: { method: string; url: string };
  response: ObservedResponse;
  /** GEN-UNDECLARED: report undeclared fields as failures (true) or warnings (false). Default true. */
  strict?: boolean;
}

export interface CheckFailure {
  check: CheckId;
  /** Fixed per kind of failure: "Undocumented status code". */
  title: string;
  /** "Received: 418\nDocumented: 200, 204, 400, 401" */
  message: string;
  /** Where in the spec the promise is written. */
  pointer: string;
  severity: 'error' | 'warning';
  diagnostics?: Diagnostic[];
}

export interface Check {
  id: CheckId;
  /** One sentence: what the check proves. */
  description: string;
  run(ctx: CheckContext): CheckFailure[];
}
