/** The mocks' clock: real time plus an offset the control surface moves forward. */
import type { Clock } from './types';

const MS_PER_SECOND = 1000;

/** A clock at real time; `advance` moves it forward, `reset` brings it back. */
export function createClock(realNow: () => number = Date.now): Clock {
  let offsetMs = 0;
  return {
    now: () => realNow() + offsetMs,
    nowDate: () => new Date(realNow() + offsetMs),
    advance(seconds: number) {
      if (!Number.isFinite(seconds) || seconds < 0) {
        throw new RangeError(`The mock clock only moves forward: advance needs a finite number of seconds >= 0, got ${String(seconds)}.`);
      }
      offsetMs += seconds * MS_PER_SECOND;
    },
    reset() {
      offsetMs = 0;
    },
    offsetSeconds: () => offsetMs / MS_PER_SECOND,
  };
}
