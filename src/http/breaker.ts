/**
 * A circuit breaker for a target that stopped answering: after `threshold` requests in a row got no answer
 * (timeouts, refused or broken connections), every further request fails at once with TARGET_STOPPED, so a run
 * against a hung sandbox ends in seconds instead of waiting out every timeout. Any answer, whatever its status,
 * resets the count: one slow answer never trips it.
 *
 * Workers of one run share the breaker through a state file (one appended line per outcome; appends of a few
 * bytes are atomic), so requests that time out in parallel in several workers count as consecutive. Once tripped,
 * a second file holds the reason and the breaker stays open for the rest of the run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConformanceError, type ErrorCode } from '../errors';

export const DEFAULT_BREAKER_THRESHOLD = 3;

export interface Breaker {
  /** Throws ConformanceError TARGET_STOPPED (could not run) once the breaker has tripped, here or in another worker. */
  check(): void;
  /** Records the outcome of one request: answered (any status), or not, with the error code it ended in. */
  record(answered: boolean, code?: ErrorCode): void;
  /** The reason it tripped, or undefined while the target still answers. */
  tripped(): string | undefined;
}

export interface BreakerOptions {
  /** What stopped answering, for the message: "the sonar sandbox". */
  name: string;
  threshold?: number;
  /** A file shared by every process of the run; without it the count is this process's own. */
  stateFile?: string;
}

/** Codes that mean the target gave no answer at all. */
const NO_ANSWER: ReadonlySet<string> = new Set(['REQUEST_TIMEOUT', 'TARGET_UNREACHABLE']);
export const isNoAnswer = (code: string | undefined): boolean => code !== undefined && NO_ANSWER.has(code);

function describe(name: string, total: number, codes: string[]): string {
  const timeouts = codes.filter((c) => c === 'REQUEST_TIMEOUT').length;
  const what =
    timeouts === codes.length
      ? `${codes.length} timeouts in a row`
      : timeouts === 0
        ? `${codes.length} requests in a row refused or cut off`
        : `${codes.length} requests in a row without an answer (${timeouts} timeouts, ${codes.length - timeouts} refused or cut off)`;
  return `${name[0]!.toUpperCase()}${name.slice(1)} stopped answering after ${total} requests: ${what}. Its remaining tests could not run; check that the target is up and responsive, or raise CONFORMANCE_TIMEOUT_MS.`;
}

export function createBreaker(options: BreakerOptions): Breaker {
  const threshold = options.threshold ?? DEFAULT_BREAKER_THRESHOLD;
  const log = options.stateFile;
  const trippedFile = log ? `${log}.tripped` : undefined;
  if (log) fs.mkdirSync(path.dirname(log), { recursive: true });
  let reason: string | undefined;
  const local: string[] = [];
  let total = 0;

  /** The outcomes so far, oldest first: "A" for an answer, else the error code. */
  const outcomes = (): string[] => (log && fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : local);

  const trip = (text: string) => {
    reason = text;
    if (!trippedFile) return;
    try {
      fs.writeFileSync(trippedFile, text, { flag: 'wx' });
    } catch {
      reason = fs.readFileSync(trippedFile, 'utf8'); // another worker tripped it first: one reason for the run
    }
  };

  const tripped = (): string | undefined => {
    if (reason === undefined && trippedFile && fs.existsSync(trippedFile)) reason = fs.readFileSync(trippedFile, 'utf8');
    return reason;
  };

  return {
    tripped,
    check() {
      const why = tripped();
      if (why !== undefined) throw new ConformanceError('TARGET_STOPPED', why);
    },
    record(answered, code) {
      const entry = answered ? 'A' : (code ?? 'TARGET_UNREACHABLE');
      if (!answered && !isNoAnswer(code)) return; // a request this side could not send says nothing of the target
      if (log) fs.appendFileSync(log, `${entry}\n`);
      else local.push(entry);
      total++;
      if (answered || tripped() !== undefined) return;
      const all = outcomes();
      const lastAnswer = all.lastIndexOf('A');
      const run = all.slice(lastAnswer + 1);
      if (run.length >= threshold) trip(describe(options.name, log ? all.length : total, run));
    },
  };
}
