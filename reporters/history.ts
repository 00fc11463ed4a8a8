/**
 * Since the last run: compares this run's catalog IDs and tests with a previous results.json and lists what
 * started failing and what started passing. The previous file is untrusted input: anything unreadable becomes a note.
 */

export type IdStatus = 'passed' | 'failed' | 'skipped' | 'known' | 'not-run';

export interface StatusChange {
  provider: string;
  kind: 'id' | 'test';
  /** The catalog ID, or the test's full title. */
  name: string;
  /** "absent" when the previous run did not have it. */
  previous: IdStatus | 'absent';
  current: IdStatus;
}

export interface SinceLastRun {
  /** Where the previous results came from (a path). */
  source: string;
  previousStartedAt: string | null;
  previousVerdict: string | null;
  newlyFailing: StatusChange[];
  newlyPassing: StatusChange[];
  /** Set when the previous results could not be compared (wrong version, not a report). */
  note: string | null;
}

/** One comparable item of a run: an ID or a test, keyed by provider and name. */
export interface Comparable {
  provider: string;
  kind: 'id' | 'test';
  name: string;
  status: IdStatus;
}

interface PreviousReport {
  version: number;
  run?: { startedAt?: unknown };
  verdict?: unknown;
  ids: { provider: string; id: string; status: IdStatus }[];
  tests: { provider: string; fullTitle: string; status: IdStatus }[];
}

function isPreviousReport(data: unknown, version: number): data is PreviousReport {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Record<string, unknown>;
  return d.version === version && Array.isArray(d.ids) && Array.isArray(d.tests);
}

const keyOf = (c: { provider: string; kind: string; name: string }) => `${c.kind}\0${c.provider}\0${c.name}`;

function previousStatuses(report: PreviousReport): Map<string, IdStatus> {
  const out = new Map<string, IdStatus>();
  for (const r of report.ids) out.set(keyOf({ provider: r.provider, kind: 'id', name: r.id }), r.status);
  for (const t of report.tests) out.set(keyOf({ provider: t.provider, kind: 'test', name: t.fullTitle }), t.status);
  return out;
}

const becameFailing = (previous: IdStatus | 'absent', current: IdStatus) => current === 'failed' && previous !== 'failed';
const becamePassing = (previous: IdStatus | 'absent', current: IdStatus) => current === 'passed' && (previous === 'failed' || previous === 'known');

/** Compares the current items with a previous report of the same results.json version. */
export function sinceLastRun(current: Comparable[], previous: { source: string; data: unknown }, version: number): SinceLastRun {
  const empty: SinceLastRun = { source: previous.source, previousStartedAt: null, previousVerdict: null, newlyFailing: [], newlyPassing: [], note: null };
  if (!isPreviousReport(previous.data, version)) {
    return { ...empty, note: `The previous results in ${previous.source} are not a version ${version} conformance report, so nothing was compared.` };
  }
  const before = previousStatuses(previous.data);
  const changes = current.map((c): StatusChange => ({ provider: c.provider, kind: c.kind, name: c.name, previous: before.get(keyOf(c)) ?? 'absent', current: c.status }));
  const startedAt = previous.data.run?.startedAt;
  return {
    ...empty,
    previousStartedAt: typeof startedAt === 'string' ? startedAt : null,
    previousVerdict: typeof previous.data.verdict === 'string' ? previous.data.verdict : null,
    newlyFailing: changes.filter((c) => becameFailing(c.previous, c.current)),
    newlyPassing: changes.filter((c) => becamePassing(c.previous, c.current)),
  };
}
