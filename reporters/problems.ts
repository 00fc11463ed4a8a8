/**
 * Distinct problems: failures grouped by their cause, so that one drift that breaks many operations reads as one
 * problem with its tests under it. The cause of a failure is its provider, the check (or, without a check failure, its
 * catalog rule), the spec element it points at and the diagnostic code: "required property `meta` missing at
 * #/components/schemas/PageMeta" is one cause however many list operations and scenarios saw it.
 *
 * A scenario reports its check failures inside its assertion message ("<check title> (<pointer>): Received: ...");
 * such lines are read back here, so that a scenario and the generated check that saw the same drift share a group.
 * Pure: no file or network access.
 */
import { escapePointer, type OpenApiDocument, type Spec } from '../src/openapi';
import type { CheckReport, FailureReport } from './model';

export interface ProblemGroup {
  /** "P1", "P2", ... in order of first appearance (failed before known). */
  id: string;
  provider: string;
  /** The check ID (GEN-SCHEMA) or, for a failure without a check, its catalog ID (SON-TOK-3) or error code. */
  check: string;
  /** The diagnostic code (the JSON Schema keyword: required, type, enum...), or null. */
  code: string | null;
  /** The spec element the cause sits on ("#/components/schemas/PageMeta"), or null when none is known. */
  pointer: string | null;
  /** One line naming the cause; Markdown backticks mark names and values. */
  title: string;
  status: 'failed' | 'known';
  cause: 'contract' | 'could-not-run';
  /** Operations whose answers showed it. */
  operations: string[];
  /** The IDs (catalog and check) of the tests in the group. */
  ids: string[];
  /** The failing tests' full titles (describe › title), in report order. */
  tests: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const unescape = (t: string) => t.replace(/~1/g, '/').replace(/~0/g, '~');

/** Check titles (fixed per check, src/checks) to their IDs, for check failures read back from a scenario's message. */
const CHECK_TITLES: Record<string, string> = {
  'Body does not match the documented schema': 'GEN-SCHEMA',
  'Undocumented status code': 'GEN-STATUS',
  'Body on a response without content': 'GEN-CTYPE',
  'Malformed Content-Type': 'GEN-CTYPE',
  'Missing Content-Type': 'GEN-CTYPE',
  'Undocumented Content-Type': 'GEN-CTYPE',
  'Missing required response header': 'GEN-HEADERS',
  'Response header does not match its schema': 'GEN-HEADERS',
  'Body has fields the schema does not declare': 'GEN-UNDECLARED',
};

/**
 * Walks a JSON pointer through the document, following a `$ref` wherever one stands in the way, and returns the node
 * with its canonical pointer (inside the component a `$ref` led to). undefined when the pointer leads nowhere.
 */
export function walkPointer(doc: OpenApiDocument, pointer: string): { node: unknown; pointer: string } | undefined {
  let node: unknown = doc;
  let at = '#';
  const follow = () => {
    const seen = new Set<string>();
    while (isObj(node) && typeof node.$ref === 'string' && node.$ref.startsWith('#/') && !seen.has(node.$ref)) {
      seen.add(node.$ref);
      at = node.$ref;
      node = walkPointer(doc, node.$ref)?.node;
    }
  };
  for (const raw of pointer.replace(/^#\/?/, '').split('/').filter((t) => t !== '')) {
    follow();
    const t = unescape(decodeURIComponent(raw));
    if (Array.isArray(node)) node = node[Number(t)];
    else if (isObj(node)) node = node[t];
    else return undefined;
    at += `/${escapePointer(t)}`;
    if (node === undefined) return undefined;
  }
  follow();
  return { node, pointer: at };
}

/** The JSON Schema keyword an error sentence of src/openapi/validators.ts stands for. */
export function codeOfMessage(message: string): string {
  if (/ must have property "/.test(message)) return 'required';
  if (/that the schema does not allow$/.test(message)) return 'additionalProperties';
  if (/that the schema does not declare$/.test(message)) return 'unevaluatedProperties';
  if (/ must be one of /.test(message)) return 'enum';
  if (/ must be a valid /.test(message)) return 'format';
  if (/ must be (?:number|integer|string|boolean|object|array|null)(?: or \w+)*$/.test(message)) return 'type';
  if (/ must be /.test(message)) return 'const';
  return 'schema';
}

/** "body.data[0].score must be number" -> the value path ["data", "0", "score"] and the rest ("must be number"). */
function splitWhere(message: string): { path: string[]; rest: string } {
  const m = /^body((?:\.[A-Za-z_$][\w$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])*) (.*)$/s.exec(message);
  if (!m) return { path: [], rest: message };
  const path = [...m[1]!.matchAll(/\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)].map((t) => t[1] ?? t[2] ?? (JSON.parse(t[3]!) as string));
  return { path, rest: m[2]! };
}

/** The schema pointer of a value path under a schema (properties and items, through $refs and allOf). */
function schemaPathOf(doc: OpenApiDocument, schemaPointer: string, valuePath: string[]): string {
  let at = schemaPointer;
  for (const step of valuePath) {
    const here = walkPointer(doc, at);
    const schema = here?.node;
    if (!isObj(schema) || !here) return at;
    at = here.pointer;
    if (/^\d+$/.test(step) && isObj(schema.items)) at += '/items';
    else if (isObj(schema.properties) && step in schema.properties) at += `/properties/${escapePointer(step)}`;
    else {
      const branch = (['allOf', 'oneOf', 'anyOf'] as const).flatMap((k) => (Array.isArray(schema[k]) ? (schema[k] as unknown[]).map((_, i) => `${at}/${k}/${i}`) : [])).find((p) => {
        const b = walkPointer(doc, p)?.node;
        return isObj(b) && isObj(b.properties) && step in b.properties;
      });
      if (!branch) return at;
      at = `${walkPointer(doc, branch)!.pointer}/properties/${escapePointer(step)}`;
    }
  }
  return walkPointer(doc, at)?.pointer ?? at;
}

/**
 * The spec element a schema diagnostic is about: for a missing required property, the property's own schema (the
 * component its `$ref` names); for any other keyword, the schema holding the keyword.
 */
export function elementOf(doc: OpenApiDocument, schemaPointer: string, code: string, message: string): string {
  const holder = schemaPointer.replace(/\/[^/]*$/, '');
  const resolved = walkPointer(doc, holder);
  if (!resolved) return holder;
  if (code === 'required') {
    const name = /must have property "((?:[^"\\]|\\.)*)"/.exec(message)?.[1];
    if (name !== undefined) {
      const prop = `${resolved.pointer}/properties/${escapePointer(name)}`;
      const found = walkPointer(doc, prop);
      if (found && isObj(found.node)) return found.pointer;
      for (const k of ['allOf', 'oneOf', 'anyOf'] as const) {
        const branches = isObj(resolved.node) && Array.isArray(resolved.node[k]) ? (resolved.node[k] as unknown[]) : [];
        for (let i = 0; i < branches.length; i++) {
          const b = walkPointer(doc, `${resolved.pointer}/${k}/${i}/properties/${escapePointer(name)}`);
          if (b) return b.pointer;
        }
      }
      return prop;
    }
  }
  return resolved.pointer;
}

interface Cause {
  key: string;
  check: string;
  code: string | null;
  pointer: string | null;
  title: string;
  operation: string | null;
}

/** A check failure read back from a scenario's assertion message, when it carries one. */
function checkFromMessage(message: string): Pick<CheckReport, 'check' | 'pointer' | 'received'> | undefined {
  for (const line of message.split('\n')) {
    const m = /^[+\-\s]*"?(.+?) \((#\/[^)]*)\): Received: (.*?)(?<!\\)"?,?$/.exec(line);
    const check = m && CHECK_TITLES[m[1]!];
    if (m && check) return { check, pointer: m[2]!, received: m[3]!.replace(/\\"/g, '"') };
  }
  return undefined;
}

const normalise = (text: string) => text.replace(/\[\d+\]/g, '[]').replace(/\b\d{2,}\b/g, 'N').trim();

function operationAt(spec: Spec | undefined, pointer: string): string | null {
  for (const op of spec?.operations.values() ?? []) if (pointer === op.pointer || pointer.startsWith(`${op.pointer}/`)) return op.operationId;
  return null;
}

/** The title of a schema diagnostic's cause: "required property `meta` missing at #/components/schemas/PageMeta". */
function schemaTitle(check: string, code: string, message: string, pointer: string): string {
  const { path, rest } = splitWhere(message);
  if (code === 'required') {
    const name = /must have property "((?:[^"\\]|\\.)*)"/.exec(message)?.[1] ?? '?';
    return `required property \`${name}\` missing at ${pointer}`;
  }
  const field = path.length ? `\`${path.map((p) => (/^\d+$/.test(p) ? '[]' : p)).join('.').replace(/\.\[\]/g, '[]')}\` ` : 'the body ';
  return `${check} ${code}: ${field}${rest.replace(/"([^"]*)"/g, '`$1`')} at ${pointer}`;
}

function causeOf(f: FailureReport, spec: Spec | undefined): Cause {
  const base = (parts: (string | null)[]) => [f.provider, f.status, f.cause, ...parts].join('\0');
  if (f.source === 'baseline') return { key: base(['baseline', f.id]), check: f.id ?? 'baseline', code: null, pointer: null, title: f.title, operation: null };
  const first = f.message.split('\n')[0]!.replace(/^Error: /, '');
  if (f.cause === 'could-not-run') {
    const code = /\b(\w+Error)\[(\w+)\]/.exec(f.message)?.[2] ?? 'NO_ANSWER';
    return { key: base(['cnr', code]), check: code, code, pointer: null, title: `could not run (${code}): ${first.replace(/^\w+Error\[\w+\]: /, '')}`, operation: null };
  }
  const check: Pick<CheckReport, 'check' | 'pointer' | 'received' | 'diagnostics' | 'title'> | undefined =
    f.checks.find((c) => c.severity === 'error') ?? (() => {
      const parsed = checkFromMessage(f.message);
      return parsed && { ...parsed, title: '', diagnostics: [] };
    })();
  if (check) {
    const operation = operationAt(spec, check.pointer);
    const d = check.diagnostics[0];
    const doc = spec?.document;
    if (doc && (d || check.check === 'GEN-SCHEMA')) {
      const message = d?.message ?? check.received ?? '';
      const code = d?.code ?? codeOfMessage(message);
      const schemaPointer = d?.schemaPointer ?? `${schemaPathOf(doc, check.pointer, splitWhere(message).path)}/${code}`;
      const pointer = elementOf(doc, schemaPointer, code, message);
      return { key: base([check.check, pointer, code, normalise(splitWhere(message).rest)]), check: check.check, code, pointer, title: schemaTitle(check.check, code, message, pointer), operation };
    }
    const what = check.title || check.check;
    return { key: base([check.check, check.pointer, normalise(check.received ?? '')]), check: check.check, code: null, pointer: check.pointer, title: `${what} at ${check.pointer}${check.received ? `: received ${check.received.split('\n')[0]}` : ''}`, operation };
  }
  const id = f.id ?? 'other';
  return { key: base([id, normalise(first)]), check: id, code: null, pointer: null, title: first, operation: null };
}

/** Groups the failures by cause; each failure's `problem` is set to its group's ID. */
export function groupProblems(failures: FailureReport[], specs: Map<string, Spec | undefined>): ProblemGroup[] {
  const groups = new Map<string, ProblemGroup>();
  const ordered = [...failures.filter((f) => f.status === 'failed'), ...failures.filter((f) => f.status !== 'failed')];
  for (const f of ordered) {
    const c = causeOf(f, specs.get(f.provider));
    let g = groups.get(c.key);
    if (!g) {
      g = { id: `P${groups.size + 1}`, provider: f.provider, check: c.check, code: c.code, pointer: c.pointer, title: c.title, status: f.status, cause: f.cause, operations: [], ids: [], tests: [] };
      groups.set(c.key, g);
    }
    if (c.operation && !g.operations.includes(c.operation)) g.operations.push(c.operation);
    if (f.id && !g.ids.includes(f.id)) g.ids.push(f.id);
    g.tests.push(f.fullTitle);
    f.problem = g.id;
  }
  return [...groups.values()];
}
