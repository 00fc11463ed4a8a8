/**
 * The 7 days of realistic data a sandbox user is seeded with: a connected wearable, daily metrics, sleep sessions,
 * workouts, hourly time series and the eight daily scores with their factors, all drawn from the state's PRNG
 * around a per-user baseline, on the user's calendar days.
 */
import { addDays, localDate, localTime } from './calendar';
import { between, mockId, pick } from './seed';
import { isoTime, SEEDED_DAYS, type DatedItem, type DeviceRecord, type Json, type UserData, type UserRecord } from './state';

type Random = () => number;

interface Baseline {
  restingHr: number;
  hrv: number;
  steps: number;
  sleepMinutes: number;
  respiratoryRate: number;
}

/** One day's measured values, from which the daily metrics and scores are built. */
interface Day {
  date: string;
  steps: number;
  activeCalories: number;
  restingHr: number;
  hrv: number;
  sleepMinutes: number;
  efficiency: number;
  deepMinutes: number;
  remMinutes: number;
  respiratoryRate: number;
  spo2: number;
  workoutMinutes: number;
  flights: number;
  daytimeHr: number;
  sleepHr: number;
}

interface Context {
  random: Random;
  user: UserRecord;
  device: DeviceRecord;
  source: { provider: string; device_id: string };
}

const WEARABLES = ['oura', 'garmin', 'whoop', 'fitbit'] as const;
const WORKOUT_TYPES = ['running', 'cycling', 'walking', 'swimming', 'strength', 'yoga', 'hiit'] as const;
const DISTANCE_TYPES = new Set(['running', 'cycling', 'walking', 'swimming']);
const METERS_PER_MINUTE: Record<string, number> = { running: 165, cycling: 420, walking: 85, swimming: 40 };

function baselineOf(random: Random): Baseline {
  return {
    restingHr: between(random, 48, 66),
    hrv: between(random, 35, 85),
    steps: between(random, 5500, 11500),
    sleepMinutes: between(random, 380, 460),
    respiratoryRate: between(random, 13, 16, 1),
  };
}

const dated = (date: string, item: Json, deviceId?: string): DatedItem => (deviceId === undefined ? { date, item } : { date, item, deviceId });
const round1 = (value: number) => Math.round(value * 10) / 10;

function sleepSession(ctx: Context, base: Baseline, date: string): { item: DatedItem; day: Partial<Day> } {
  const { random, user } = ctx;
  const asleep = Math.round(base.sleepMinutes * between(random, 0.82, 1.12, 2));
  const awake = between(random, 12, 48);
  const start = localTime(addDays(date, -1), between(random, 22 * 60 + 10, 23 * 60 + 55), user.timezone);
  const end = start + (asleep + awake) * 60_000;
  const deep = Math.round(asleep * between(random, 0.14, 0.22, 2));
  const rem = Math.round(asleep * between(random, 0.19, 0.26, 2));
  const efficiency = Math.round((asleep / (asleep + awake)) * 100);
  const sleepHr = round1(base.restingHr + between(random, 1, 5, 1));
  const item = {
    id: mockId(random, 'slp'),
    user_id: user.id,
    date,
    start_time: isoTime(start),
    end_time: isoTime(end),
    duration_seconds: asleep * 60,
    time_in_bed_seconds: (asleep + awake) * 60,
    efficiency,
    stages: { awake_seconds: awake * 60, light_seconds: (asleep - deep - rem) * 60, deep_seconds: deep * 60, rem_seconds: rem * 60 },
    avg_heart_rate: sleepHr,
    avg_hrv_rmssd: round1(base.hrv * between(random, 0.9, 1.15, 2)),
    source: ctx.source,
  };
  return { item: dated(date, item, ctx.device.id), day: { sleepMinutes: asleep, efficiency, deepMinutes: deep, remMinutes: rem, sleepHr } };
}

function workout(ctx: Context, base: Baseline, date: string): { item: DatedItem; minutes: number; calories: number } {
  const { random, user } = ctx;
  const type = pick(random, WORKOUT_TYPES);
  const minutes = between(random, 25, 75);
  const start = localTime(date, between(random, 17 * 60, 19 * 60 + 30), user.timezone);
  const avgHr = Math.round(base.restingHr + between(random, 60, 100));
  const calories = Math.round(minutes * between(random, 7, 12, 1));
  const item = {
    id: mockId(random, 'wrk'),
    user_id: user.id,
    date,
    type,
    start_time: isoTime(start),
    end_time: isoTime(start + minutes * 60_000),
    duration_seconds: minutes * 60,
    calories,
    distance_meters: DISTANCE_TYPES.has(type) ? Math.round(minutes * METERS_PER_MINUTE[type]! * between(random, 0.85, 1.15, 2)) : null,
    avg_heart_rate: avgHr,
    max_heart_rate: avgHr + between(random, 10, 25),
    source: ctx.source,
  };
  return { item: dated(date, item, ctx.device.id), minutes, calories };
}

/**
 * Daily metric id (docs.sonarhealth.co/data-catalog) -> [catalog unit, the unit the wearable reported, factor from
 * the value to the reported one].
 */
const DAILY_UNITS: Record<string, [string, string, number]> = {
  steps: ['count', 'steps', 1],
  distance: ['km', 'm', 1000],
  active_calories: ['kcal', 'kcal', 1],
  exercise: ['min', 's', 60],
  flights_climbed: ['flights', 'floors', 1],
  resting_heart_rate: ['bpm', 'bpm', 1],
  heart_rate_variability: ['ms', 'ms', 1],
  deep_sleep: ['min', 's', 60],
  rem_sleep: ['min', 's', 60],
};

/** The day's items; `source` is kept beside the item, and only added to it for include_sources=true. */
function dailyItems(ctx: Context, day: Day): DatedItem[] {
  const values: Record<string, number> = {
    steps: day.steps,
    distance: Math.round(day.steps * 0.76) / 1000,
    active_calories: day.activeCalories,
    exercise: day.workoutMinutes,
    flights_climbed: day.flights,
    resting_heart_rate: day.restingHr,
    heart_rate_variability: day.hrv,
    deep_sleep: day.deepMinutes,
    rem_sleep: day.remMinutes,
  };
  return Object.entries(values).map(([metric, value]) => {
    const [unit, originalUnit, factor] = DAILY_UNITS[metric]!;
    const original = Math.round(value * factor * 1000) / 1000;
    return dated(day.date, { date: day.date, metric, value, unit, source: { ...ctx.source, original_value: original, original_unit: originalUnit } }, ctx.device.id);
  });
}

/** Hour of the day -> a multiplier of the day's steps (none at night, peaks around commutes and the evening). */
const STEP_SHARE = [0, 0, 0, 0, 0, 0, 0.01, 0.05, 0.09, 0.06, 0.05, 0.06, 0.09, 0.06, 0.05, 0.05, 0.07, 0.1, 0.09, 0.06, 0.04, 0.02, 0.01, 0];
const ASLEEP_HOURS = 6;

function hourlyPoints(ctx: Context, day: Day): DatedItem[] {
  const { random, user } = ctx;
  const points: DatedItem[] = [];
  for (let hour = 0; hour < 24; hour++) {
    const timestamp = isoTime(localTime(day.date, hour * 60, user.timezone));
    const asleep = hour < ASLEEP_HOURS;
    const values: [string, number, string][] = [
      ['heart_rate', round1(asleep ? day.sleepHr + between(random, -3, 3, 1) : day.daytimeHr + between(random, -12, 18, 1)), 'bpm'],
      ['hrv_rmssd', round1(day.hrv * (asleep ? between(random, 1, 1.25, 2) : between(random, 0.6, 0.95, 2))), 'ms'],
      ['steps', Math.round(day.steps * STEP_SHARE[hour]! * between(random, 0.7, 1.3, 2)), 'count'],
      ['spo2', between(random, asleep ? 93 : 95, 99, 1), '%'],
      ['respiratory_rate', round1(day.respiratoryRate + between(random, -1.5, 2.5, 1)), 'breaths/min'],
    ];
    for (const [metric, value, unit] of values) points.push(dated(day.date, { timestamp, metric, value, unit }, ctx.device.id));
  }
  return points;
}

/** 0..100 along a range from worst to best (a reversed range scores lower values higher). */
function scale(value: number, worst: number, best: number): number {
  return Math.max(0, Math.min(100, Math.round(((value - worst) / (best - worst)) * 100)));
}

function factor(name: string, value: number | null, unit: string | null, score: number | null): Json {
  const impact = score === null ? 'neutral' : score >= 67 ? 'positive' : score >= 34 ? 'neutral' : 'negative';
  return { name, value, unit, score, impact };
}

const SCORE_FACTORS: Record<string, (d: Day, random: Random) => Json[]> = {
  recovery_score: (d) => [factor('heart_rate_variability', d.hrv, 'ms', scale(d.hrv, 20, 100)), factor('resting_heart_rate', d.restingHr, 'bpm', scale(d.restingHr, 75, 45)), factor('sleep_duration', d.sleepMinutes, 'min', scale(d.sleepMinutes, 300, 480))],
  strain_score: (d) => [factor('active_calories', d.activeCalories, 'kcal', scale(d.activeCalories, 100, 900)), factor('steps', d.steps, 'count', scale(d.steps, 2000, 15000)), factor('workout_minutes', d.workoutMinutes, 'min', scale(d.workoutMinutes, 0, 90))],
  sleep_score: (d) => [factor('sleep_duration', d.sleepMinutes, 'min', scale(d.sleepMinutes, 300, 480)), factor('sleep_efficiency', d.efficiency, '%', scale(d.efficiency, 70, 98)), factor('deep_sleep', d.deepMinutes, 'min', scale(d.deepMinutes, 30, 110)), factor('rem_sleep', d.remMinutes, 'min', scale(d.remMinutes, 50, 120))],
  stress_score: (d) => [factor('daytime_heart_rate', d.daytimeHr, 'bpm', scale(d.daytimeHr, 100, 60)), factor('heart_rate_variability', d.hrv, 'ms', scale(d.hrv, 20, 100))],
  inactive_stress_score: (d, random) => {
    const sedentary = between(random, 300, 720);
    return [factor('sedentary_minutes', sedentary, 'min', scale(sedentary, 720, 300)), factor('daytime_heart_rate', d.daytimeHr, 'bpm', scale(d.daytimeHr, 100, 60))];
  },
  sleep_stress_score: (d) => [factor('sleep_heart_rate', d.sleepHr, 'bpm', scale(d.sleepHr, 75, 45)), factor('heart_rate_variability', d.hrv, 'ms', scale(d.hrv, 20, 100))],
  energy_reserve_score: (d) => {
    const debt = Math.max(0, 480 - d.sleepMinutes);
    return [factor('sleep_debt', debt, 'min', scale(debt, 180, 0)), factor('workout_minutes', d.workoutMinutes, 'min', scale(d.workoutMinutes, 120, 0))];
  },
  nutrition_score: (_d, random) => {
    const regularity = between(random, 0.4, 0.95, 2);
    return [factor('calories_logged', null, 'kcal', null), factor('meal_regularity', regularity, null, scale(regularity, 0, 1))];
  },
};

function scoreItems(ctx: Context, day: Day, computedAt: number): DatedItem[] {
  return Object.entries(SCORE_FACTORS).map(([metric, factorsOf]) => {
    const factors = factorsOf(day, ctx.random);
    const scores = factors.map((f) => f.score).filter((s): s is number => typeof s === 'number');
    const value = Math.round(scores.reduce((a, b) => a + b, 0) / scores.length);
    return dated(day.date, { id: mockId(ctx.random, 'scr'), user_id: ctx.user.id, metric, date: day.date, value, factors, computed_at: isoTime(computedAt) });
  });
}

function seedDay(ctx: Context, base: Baseline, date: string, withWorkout: boolean, data: UserData, now: number): void {
  const { random } = ctx;
  const sleep = sleepSession(ctx, base, date);
  const session = withWorkout ? workout(ctx, base, date) : undefined;
  const steps = Math.round(base.steps * between(random, 0.7, 1.3, 2));
  const day: Day = {
    date,
    steps,
    activeCalories: Math.round(steps * 0.045 + (session?.calories ?? 0)),
    restingHr: Math.round(base.restingHr + between(random, -3, 4)),
    hrv: Math.round(base.hrv * between(random, 0.8, 1.2, 2)),
    respiratoryRate: round1(base.respiratoryRate + between(random, -0.8, 0.8, 1)),
    spo2: between(random, 95, 99, 1),
    workoutMinutes: session?.minutes ?? 0,
    flights: between(random, 2, 18),
    daytimeHr: Math.round(base.restingHr + between(random, 14, 28)),
    sleepMinutes: 0,
    efficiency: 0,
    deepMinutes: 0,
    remMinutes: 0,
    sleepHr: 0,
    ...sleep.day,
  };
  data.sleep.push(sleep.item);
  if (session) data.workouts.push(session.item);
  data.daily.push(...dailyItems(ctx, day));
  data.timeseries.push(...hourlyPoints(ctx, day));
  data.scores.push(...scoreItems(ctx, day, now));
}

/**
 * Seeds a user as a sandbox key does: an active wearable and the 7 calendar days before `now` (in the user's
 * timezone), with scores ready. The user's last_sync_at and last_score_at stay as they are (null for a new user, as
 * the quickstart shows). Returns the seeded dates, oldest first.
 */
export function seedUser(random: Random, user: UserRecord, now: number): string[] {
  const device: DeviceRecord = { id: mockId(random, 'dev'), provider: pick(random, WEARABLES), status: 'active', connectedAt: now, lastSyncAt: now };
  const ctx: Context = { random, user, device, source: { provider: device.provider, device_id: device.id } };
  const base = baselineOf(random);
  const today = localDate(now, user.timezone);
  const dates = Array.from({ length: SEEDED_DAYS }, (_, i) => addDays(today, i - SEEDED_DAYS));
  const workoutDays = dates.map((_, i) => random() < 0.55 || i === 3);
  dates.forEach((date, i) => seedDay(ctx, base, date, workoutDays[i]!, user.data, now));
  user.devices.push(device);
  user.scoreStatus = 'ready';
  return dates;
}
