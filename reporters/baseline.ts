/**
 * Known drift: a JSON baseline of failures the team has accepted for a while, each with a reason and an expiry.
 * A failing test that an entry covers is reported as `known`; an entry past its expiry is itself a failure.
 *
 * File shape (JSON only; see reporters/README.md):
 *   { "entries": [ { "id": "SON-TOK-4", "provider": "sonar", "reason": "...", "expires": "2025-12-31" } ] }
 */
import * as fs from 'node:fs';
import { ConformanceError } from '../src/errors';

export interface BaselineEntry {
  /** A catalog ID (SON-TOK-4) or a check ID (GEN-SCHEMA). */
  id: string;
  provider: string;
  /** Why the drift is accepted (a ticket, a provider answer). */
  reason: string;
  /** Last day (YYYY-MM-DD, inclusive) the entry excuses the failure. */
  expires: string;
}

export interface Baseline {
  file: string;
  entries: BaselineEntry[];
}

const ENTRY_KEYS = ['id', 'provider', 'reason', 'expires'] as const;
const ID_PATTERN = /^(GEN|SAH|SON|SYN)-[A-Z]+(-\d+)?$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(text: string): boolean {
  if (!DATE_PATTERN.test(text)) return false;
  return new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
}

/** The problems of one entry, as phrases ("expires must be a date YYYY-MM-DD"); [] when it is valid. */
function entryProblems(entry: unknown): string[] {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return ['it must be an object with id, provider, reason and expires'];
  const record = entry as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(record)) if (!(ENTRY_KEYS as readonly string[]).includes(key)) problems.push(`"${key}" is not a known field (use ${ENTRY_KEYS.join(', ')})`);
  for (const key of ENTRY_KEYS) if (typeof record[key] !== 'string' || (record[key] as string).trim() === '') problems.push(`${key} must be a non-empty string`);
  if (typeof record.id === 'string' && record.id && !ID_PATTERN.test(record.id)) problems.push(`id "${record.id}" is not a catalog or check ID (like SON-TOK-4 or GEN-SCHEMA)`);
  if (typeof record.expires === 'string' && record.expires && !isRealDate(record.expires)) problems.push(`expires "${record.expires}" is not a date YYYY-MM-DD`);
  return problems;
}

function entryName(entry: unknown, index: number): string {
  const id = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>).id : undefined;
  return typeof id === 'string' && id ? `entry ${index} (${id})` : `entry ${index}`;
}

/**
 * Checks a parsed baseline and returns its entries. Throws ConformanceError CONFIG_INVALID (exit 2) naming the file
 * and the entry when anything is malformed.
 */
export function validateBaseline(file: string, data: unknown): Baseline {
  const entries = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>).entries : undefined;
  if (!Array.isArray(entries)) {
    throw new ConformanceError('CONFIG_INVALID', `The known-drift baseline ${file} must be a JSON object with an "entries" array. Fix the file or unset CONFORMANCE_BASELINE.`);
  }
  const problems = entries.flatMap((entry, i) => entryProblems(entry).map((p) => `${entryName(entry, i)}: ${p}`));
  if (problems.length) {
    throw new ConformanceError('CONFIG_INVALID', `The known-drift baseline ${file} is malformed: ${problems.join('; ')}. Fix these entries (see reporters/README.md).`);
  }
  return { file, entries: entries as BaselineEntry[] };
}

/** Reads and validates a baseline file; every problem (missing file, bad JSON, bad entry) is a CONFIG_INVALID error. */
export function loadBaseline(file: string): Baseline {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConformanceError('CONFIG_INVALID', `The known-drift baseline ${file} cannot be read (${(err as Error).message}). Check the path given in CONFORMANCE_BASELINE or the reporter option "baseline".`, { cause: err });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ConformanceError('CONFIG_INVALID', `The known-drift baseline ${file} is not valid JSON (${(err as Error).message}). The baseline is JSON only.`, { cause: err });
  }
  return validateBaseline(file, data);
}

/** An entry is expired once the day of the run is after its `expires` day. */
export function isExpired(entry: BaselineEntry, today: string): boolean {
  return entry.expires < today;
}
