/** Shared by the unit tests of the generic checks: the mini fixture spec and crafted exchanges against it. */
import * as path from 'node:path';
import { loadSpec, PROJECT_ROOT, Spec, type OpenApiDocument } from '../../../src/openapi';
import type { CheckContext, ObservedResponse } from '../../../src/checks';

export const MINI_FILE = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'specs', 'mini.openapi.yaml');

/** The mini fixture, linted and bundled like a provider spec. */
export function mini(): Promise<Spec> {
  return loadSpec('mini', MINI_FILE);
}

/** A copy of the mini spec's document, edited by `edit`, as an unlinted Spec (for specs lint would refuse). */
export async function editedMini(edit: (doc: OpenApiDocument) => void): Promise<Spec> {
  const doc = structuredClone((await mini()).document);
  edit(doc);
  return new Spec('mini-edited', MINI_FILE, doc);
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  /** A JSON body (serialised; content-type application/json unless headers say otherwise). */
  json?: unknown;
  /** A raw body. */
  text?: string;
}

export function observed(answer: Answer): ObservedResponse {
  const bodyText = answer.text ?? (answer.json === undefined ? '' : JSON.stringify(answer.json));
  const defaultType: Record<string, string> = answer.json === undefined ? {} : { 'content-type': 'application/json' };
  let json: unknown;
  try {
    json = bodyText ? JSON.parse(bodyText) : undefined;
  } catch {
    json = undefined;
  }
  return { status: answer.status, headers: { ...defaultType, ...(answer.headers ?? {}) }, bodyText, json };
}

/** The context of a check: the operation of the spec and one crafted answer to it. */
export function exchange(spec: Spec, operationId: string, answer: Answer, strict?: boolean): CheckContext {
  const op = spec.operation(operationId);
  const ctx: CheckContext = { spec, op, request: { method: op.method.toUpperCase(), url: `https://sandbox.mini.test/v1${op.path}` }, response: observed(answer) };
  if (strict !== undefined) ctx.strict = strict;
  return ctx;
}

export const ITEM = { id: 'it_1', score: 0.5, createdAt: '2024-01-15T10:30:00Z' };
export const ERROR = { error: 'invalid_token', message: 'Bad credentials' };
export const CREATED_HEADERS = { location: 'https://sandbox.mini.test/v1/items/it_2', 'x-request-id': '3f2b8c1e-4d5a-4e6f-8a7b-9c0d1e2f3a4b' };
