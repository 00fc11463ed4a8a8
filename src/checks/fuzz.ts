/**
 * GEN-FUZZ: seeded property-based requests from the request schemas (fast-check). From an operation's valid
 * request, `validRequests` varies its query parameters and top-level body properties within their documented
 * domains (enum values, bounded numbers, bounded strings, booleans, date-times), and `invalidRequests` breaks exactly
 * one of them (a wrong type, an enum miss, a value past a bound, a bad format, a required property removed). Every
 * generated request is checked with the validator, so a "valid" one is valid and an "invalid" one is not; fast-check
 * shrinks a failing one to a minimal request, and the same seed gives the same requests.
 */
import fc from 'fast-check';
import type { OperationInfo, Spec } from '../openapi';
import { bodyAccepted, inputSites, shown, siteAccepts, siteProblem, valueAt, withValue, type InputSite } from './deep-inputs';
import { schemaFacts } from './schema-facts';
import type { ValidInputs } from './types';

const DAY_MS = 86_400_000;
/** Dates generated for date and date-time values: a window around the suite's fixed epoch, so runs repeat. */
const DATE_MIN = Date.UTC(2024, 0, 1);
const DATE_MAX = Date.UTC(2026, 11, 31);
/** Longest string generated inside a maxLength (longer bounds are sampled below this). */
const MAX_GENERATED_LENGTH = 64;

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The documented domain of one site as an arbitrary, or undefined when only the valid value is known to work. */
function domain(spec: Spec, site: InputSite): fc.Arbitrary<unknown> | undefined {
  const { facts, bounds } = site;
  if (facts.enum && facts.enum.length) return fc.constantFrom(...facts.enum);
  if (facts.types.has('array')) {
    const items = schemaFacts(spec, facts.items).enum;
    if (!items?.length) return undefined;
    return fc.subarray(items, { minLength: Math.max(1, bounds.minItems ?? 1), maxLength: Math.min(items.length, bounds.maxItems ?? items.length) });
  }
  if (facts.types.has('boolean')) return fc.boolean();
  if (facts.types.has('integer')) {
    const min = bounds.minimum ?? (bounds.exclusiveMinimum === undefined ? undefined : bounds.exclusiveMinimum + 1);
    const max = bounds.maximum ?? (bounds.exclusiveMaximum === undefined ? undefined : bounds.exclusiveMaximum - 1);
    if (min === undefined && max === undefined) return undefined;
    return fc.integer({ min: min ?? max! - 1000, max: max ?? min! + 1000 });
  }
  if (facts.types.has('number')) {
    const min = bounds.minimum ?? bounds.exclusiveMinimum;
    const max = bounds.maximum ?? bounds.exclusiveMaximum;
    if (min === undefined || max === undefined) return undefined;
    return fc.double({ min, max, noNaN: true, noDefaultInfinity: true, minExcluded: bounds.exclusiveMinimum !== undefined, maxExcluded: bounds.exclusiveMaximum !== undefined });
  }
  if (facts.types.has('string') || facts.types.size === 0) {
    if (facts.format === 'date-time') return fc.integer({ min: DATE_MIN / 1000, max: DATE_MAX / 1000 }).map((s) => isoSeconds(s * 1000));
    if (facts.format === 'date') return fc.integer({ min: DATE_MIN / DAY_MS, max: DATE_MAX / DAY_MS }).map((d) => new Date(d * DAY_MS).toISOString().slice(0, 10));
    if (facts.format !== undefined || bounds.pattern !== undefined || bounds.maxLength === undefined) return undefined;
    const minLength = bounds.minLength ?? 0;
    return fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-_'), minLength, maxLength: Math.max(minLength, Math.min(bounds.maxLength, MAX_GENERATED_LENGTH)) });
  }
  return undefined;
}

/** The sites fuzzing varies: those with a documented domain (a body site only when the body is an object). */
function variedSites(spec: Spec, op: OperationInfo, valid: ValidInputs): { site: InputSite; arb: fc.Arbitrary<unknown> }[] {
  const objectBody = typeof valid.body === 'object' && valid.body !== null && !Array.isArray(valid.body);
  return inputSites(spec, op)
    .filter((s) => s.where === 'query' || objectBody)
    .flatMap((site) => {
      const arb = domain(spec, site);
      return arb ? [{ site, arb }] : [];
    });
}

const KEEP = Symbol('keep');
const OMIT = Symbol('omit');

/** Whether every varied value and the whole body pass their schemas. */
function isValid(spec: Spec, op: OperationInfo, sites: InputSite[], inputs: ValidInputs): boolean {
  return sites.every((s) => valueAt(inputs, s) === undefined || siteAccepts(spec, s, valueAt(inputs, s))) && bodyAccepted(spec, op, inputs.body);
}

/**
 * Valid requests: each varied site keeps its valid value, is left out (when optional), or takes a value of its
 * documented domain. Shrinks toward the valid request itself.
 */
export function validRequests(spec: Spec, op: OperationInfo, valid: ValidInputs): fc.Arbitrary<ValidInputs> | undefined {
  const varied = variedSites(spec, op, valid);
  if (varied.length === 0) return undefined;
  const choices = varied.map(({ site, arb }) => {
    const options: fc.Arbitrary<unknown>[] = [fc.constant(KEEP), arb];
    if (!site.required) options.push(fc.constant(OMIT));
    return fc.oneof(...options);
  });
  const sites = varied.map((v) => v.site);
  return fc
    .tuple(...choices)
    .map((values) => values.reduce<ValidInputs>((inputs, v, i) => (v === KEEP ? inputs : withValue(inputs, sites[i]!, v === OMIT ? undefined : v)), valid))
    .filter((inputs) => isValid(spec, op, sites, inputs));
}

/** One way to break one site, as an arbitrary of bad values. */
interface Mutation {
  site: InputSite;
  /** "a wrong type", "an enum miss". */
  what: string;
  values: fc.Arbitrary<unknown>;
}

function mutations(site: InputSite): Mutation[] {
  const { facts, bounds } = site;
  const out: Mutation[] = [];
  const m = (what: string, values: fc.Arbitrary<unknown>) => out.push({ site, what, values });
  const numeric = facts.types.has('integer') || facts.types.has('number');
  if (numeric) {
    m('a wrong type', site.where === 'query' ? fc.constantFrom('mock-wrong-type', 'NaN', '1e400x') : fc.constantFrom('12', true, null));
    const min = bounds.minimum ?? bounds.exclusiveMinimum;
    const max = bounds.maximum ?? bounds.exclusiveMaximum;
    if (min !== undefined) m('a value below its minimum', fc.integer({ min: 1, max: 1000 }).map((k) => min - k));
    if (max !== undefined) m('a value above its maximum', fc.integer({ min: 1, max: 1000 }).map((k) => max + k));
    if (facts.types.has('integer')) m('a fraction', fc.integer({ min: 0, max: 100 }).map((k) => k + 0.5));
  }
  if (facts.enum) m('an enum miss', fc.string({ unit: fc.constantFrom(...'xyz'), minLength: 1, maxLength: 6 }).map((s) => `not-an-allowed-value-${s}`));
  if (facts.types.has('array') && site.facts.items !== undefined) m('an enum miss among its items', fc.constant(['not-an-allowed-value']));
  if (facts.format === 'date-time') m('a bad date-time', fc.constantFrom('not-a-date-time', '2024-13-45T00:00:00Z', '2024-01-15 10:30:00'));
  if (facts.format === 'date') m('a bad date', fc.constantFrom('2024-13-45', '15/01/2024', 'not-a-date'));
  if (facts.types.has('string') && bounds.maxLength !== undefined && bounds.maxLength <= 4096) m('a string past its maxLength', fc.integer({ min: 1, max: 20 }).map((k) => 'a'.repeat(bounds.maxLength! + k)));
  if (facts.types.has('string') && site.where === 'body') m('a wrong type', fc.constantFrom(12345, true, {}));
  if (facts.types.has('boolean')) m('a wrong type', site.where === 'query' ? fc.constantFrom('yes', 'mock-wrong-type') : fc.constantFrom('true', 1));
  if (site.where === 'body' && site.required) m('left out though required', fc.constant(undefined));
  return out;
}

export interface InvalidRequest {
  inputs: ValidInputs;
  /** "query.per_page set to 1001 (a value above its maximum): query.per_page must be <= 100". */
  description: string;
}

/**
 * Invalid requests: a valid request with exactly one site broken, kept only when the validator rejects it. Shrinks
 * toward the smallest violation of the simplest valid request.
 */
export function invalidRequests(spec: Spec, op: OperationInfo, valid: ValidInputs): fc.Arbitrary<InvalidRequest> | undefined {
  const objectBody = typeof valid.body === 'object' && valid.body !== null && !Array.isArray(valid.body);
  const all = inputSites(spec, op)
    .filter((s) => s.where === 'query' || objectBody)
    .flatMap(mutations);
  if (all.length === 0) return undefined;
  const base = validRequests(spec, op, valid) ?? fc.constant(valid);
  return fc
    .tuple(base, fc.integer({ min: 0, max: all.length - 1 }).chain((i) => all[i]!.values.map((value) => ({ mutation: all[i]!, value }))))
    .map(([inputs, { mutation, value }]) => {
      const broken = withValue(inputs, mutation.site, value);
      const problem = value === undefined ? `${mutation.site.label} is required` : siteProblem(spec, mutation.site, value);
      return { broken, problem, mutation, value };
    })
    .filter(({ broken, problem, mutation, value }) => (value === undefined ? !bodyAccepted(spec, op, broken.body) : problem !== undefined && (mutation.site.where === 'query' || !bodyAccepted(spec, op, broken.body))))
    .map(({ broken, problem, mutation, value }) => ({
      inputs: broken,
      description: `${mutation.site.label} ${value === undefined ? 'left out' : `set to ${shown(value)}`} (${mutation.what})${problem ? `: ${problem}` : ''}`,
    }));
}

/** A 32-bit seed of its own for each operation and kind of request, from the run's seed (replayable per operation). */
export function operationSeed(runSeed: number, operationId: string, kind: 'valid' | 'invalid'): number {
  let h = 0x811c9dc5;
  for (const ch of `${runSeed}:${operationId}:${kind}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** What a request sends, shortly: the query and body of inputs (for messages about a minimal failing request). */
export function describeInputs(inputs: ValidInputs): string {
  const parts = [`query ${JSON.stringify(inputs.query)}`];
  if (inputs.body !== undefined) parts.push(`body ${JSON.stringify(inputs.body)}`);
  const text = parts.join(', ');
  return text.length > 400 ? `${text.slice(0, 397)}...` : text;
}
