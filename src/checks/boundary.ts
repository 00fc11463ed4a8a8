/**
 * GEN-BOUNDARY: requests at the edges of what the spec documents, built from the valid request by one change each:
 * every enum value of every query parameter and top-level body property, the minimum and maximum of bounded numbers,
 * lengths and item counts (to be accepted), one step past them (to be rejected with a documented 4xx), and formats
 * at their edges (a date-time with an offset or fractions of a second). Each case is verified with the validator:
 * an accepted case passes the site's schema and the whole body schema, a rejected one fails it.
 */
import type { OperationInfo, Spec } from '../openapi';
import { bodyAccepted, inputSites, shown, siteAccepts, siteProblem, valueAt, withValue, type InputSite } from './deep-inputs';
import { schemaFacts } from './schema-facts';
import type { ValidInputs } from './types';

export type BoundaryKind = 'enum' | 'minimum' | 'maximum' | 'below-minimum' | 'above-maximum' | 'min-length' | 'max-length' | 'below-min-length' | 'above-max-length' | 'format-edge';

export interface BoundaryCase {
  kind: BoundaryKind;
  /** "query.per_page". */
  target: string;
  /** "query.per_page set to 100 (its maximum)". */
  description: string;
  /** Where the bound or enum is written. */
  pointer: string;
  /** A value inside what is documented must be accepted; one past a bound must be rejected. */
  expect: 'accepted' | 'rejected';
  /**
   * An accepted case that must not be refused as invalid (400, 422): enum values, numeric bounds and date-time
   * spellings. A string of some length may name nothing the target knows (a cursor, a code), so a 400 to it passes.
   */
  strict: boolean;
  inputs: ValidInputs;
}

/** Equivalent spellings of a date-time instant that RFC 3339 allows: an offset instead of Z, fractions of a second. */
function dateTimeEdges(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.exec(value);
  if (!m) return [];
  const [, base, fraction, zone] = m;
  const out: string[] = [];
  if (zone!.toUpperCase() === 'Z') out.push(`${base}${fraction ?? ''}+00:00`);
  if (!fraction) out.push(`${base}.000${zone}`);
  return out;
}

/** A string of `n` characters that keeps to a simple pattern where it can (letters only). */
const ofLength = (n: number) => 'a'.repeat(Math.max(0, n));

interface Candidate {
  kind: BoundaryKind;
  value: unknown;
  expect: 'accepted' | 'rejected';
  note: string;
  keyword: string;
}

function candidates(site: InputSite, current: unknown): Candidate[] {
  const { facts, bounds } = site;
  const out: Candidate[] = [];
  const numeric = facts.types.has('integer') || facts.types.has('number');
  const step = facts.types.has('integer') ? 1 : 0.5;
  if (facts.enum) for (const v of facts.enum) out.push({ kind: 'enum', value: v, expect: 'accepted', note: 'one of its enum values', keyword: 'enum' });
  if (numeric) {
    const min = bounds.minimum ?? (bounds.exclusiveMinimum === undefined ? undefined : bounds.exclusiveMinimum + step);
    const max = bounds.maximum ?? (bounds.exclusiveMaximum === undefined ? undefined : bounds.exclusiveMaximum - step);
    if (min !== undefined) out.push({ kind: 'minimum', value: min, expect: 'accepted', note: 'its minimum', keyword: bounds.minimum === undefined ? 'exclusiveMinimum' : 'minimum' }, { kind: 'below-minimum', value: min - step, expect: 'rejected', note: 'just below its minimum', keyword: bounds.minimum === undefined ? 'exclusiveMinimum' : 'minimum' });
    if (max !== undefined) out.push({ kind: 'maximum', value: max, expect: 'accepted', note: 'its maximum', keyword: bounds.maximum === undefined ? 'exclusiveMaximum' : 'maximum' }, { kind: 'above-maximum', value: max + step, expect: 'rejected', note: 'just above its maximum', keyword: bounds.maximum === undefined ? 'exclusiveMaximum' : 'maximum' });
  }
  // Lengths only where a run of letters can be a value (no format, enum or pattern decides the characters).
  if (facts.types.has('string') && !facts.enum && facts.format === undefined && bounds.pattern === undefined) {
    if (bounds.minLength !== undefined && bounds.minLength > 0) out.push({ kind: 'min-length', value: ofLength(bounds.minLength), expect: 'accepted', note: `its minLength (${bounds.minLength})`, keyword: 'minLength' }, { kind: 'below-min-length', value: ofLength(bounds.minLength - 1), expect: 'rejected', note: `one character under its minLength`, keyword: 'minLength' });
    if (bounds.maxLength !== undefined && bounds.maxLength <= 4096) out.push({ kind: 'max-length', value: ofLength(bounds.maxLength), expect: 'accepted', note: `its maxLength (${bounds.maxLength})`, keyword: 'maxLength' }, { kind: 'above-max-length', value: ofLength(bounds.maxLength + 1), expect: 'rejected', note: `one character over its maxLength`, keyword: 'maxLength' });
  }
  if (facts.format === 'date-time') for (const v of dateTimeEdges(current)) out.push({ kind: 'format-edge', value: v, expect: 'accepted', note: 'the same instant in another RFC 3339 spelling', keyword: 'format' });
  return out;
}

/** Enum values of an array site's items: each sent alone, as a one-item array. */
function itemEnumCandidates(spec: Spec, site: InputSite): Candidate[] {
  if (!site.facts.types.has('array') || site.facts.items === undefined) return [];
  const values = schemaFacts(spec, site.facts.items).enum ?? [];
  return values.map((v) => ({ kind: 'enum' as const, value: [v], expect: 'accepted' as const, note: "one of its items' enum values, alone", keyword: 'items/enum' }));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The boundary cases of an operation, from its valid request. A value equal to the valid request's own is not sent
 * again (the generated checks sent it). A body case on an operation without an object body is not built.
 */
export function boundaryCases(spec: Spec, op: OperationInfo, valid: ValidInputs): BoundaryCase[] {
  const out: BoundaryCase[] = [];
  for (const site of inputSites(spec, op)) {
    if (site.where === 'body' && (typeof valid.body !== 'object' || valid.body === null || Array.isArray(valid.body))) continue;
    const current = valueAt(valid, site);
    for (const c of [...candidates(site, current), ...itemEnumCandidates(spec, site)]) {
      if (same(c.value, current)) continue;
      const accepted = siteAccepts(spec, site, c.value);
      if (c.expect === 'accepted' && !accepted) continue;
      if (c.expect === 'rejected' && accepted) continue;
      const inputs = withValue(valid, site, c.value);
      // An accepted case must leave the whole body valid (a value may depend on another, through oneOf or if/then).
      if (c.expect === 'accepted' && site.where === 'body' && !bodyAccepted(spec, op, inputs.body)) continue;
      const problem = c.expect === 'rejected' ? siteProblem(spec, site, c.value) : undefined;
      out.push({
        kind: c.kind,
        target: site.label,
        description: `${site.label} set to ${shown(c.value)} (${c.note})${problem ? `: ${problem}` : ''}`,
        pointer: `${site.pointer}/${c.keyword}`,
        expect: c.expect,
        strict: c.expect === 'accepted' && c.kind !== 'min-length' && c.kind !== 'max-length',
        inputs,
      });
    }
  }
  return out;
}
