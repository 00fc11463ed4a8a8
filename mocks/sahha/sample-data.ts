/**
 * Generated sample data of a profile: daily scores with factors, daily and weekly biomarkers, weekly and monthly
 * archetypes, trends and comparisons, all derived from one seeded generator and realistic in shape and range.
 */
import { uuidFrom } from './seed';
import { DAY_MS, isoTime, startOfDay, type Json, type ProfileData } from './state';

export const SEEDED_DAYS = 28;
const WEEK_MS = 7 * DAY_MS;
const END_OFFSET_MS = 1000;

type Random = () => number;

interface FactorDef {
  name: string;
  unit: string;
  goal: number;
  higherIsBetter: boolean;
}

const SCORE_FACTORS: Record<string, FactorDef[]> = {
  activity: [
    { name: 'steps', unit: 'count', goal: 7500, higherIsBetter: true },
    { name: 'active_hours', unit: 'hour', goal: 10, higherIsBetter: true },
    { name: 'active_calories', unit: 'kcal', goal: 500, higherIsBetter: true },
    { name: 'extended_inactivity', unit: 'minute', goal: 600, higherIsBetter: false },
  ],
  sleep: [
    { name: 'sleep_duration', unit: 'minute', goal: 480, higherIsBetter: true },
    { name: 'sleep_regularity', unit: 'percent', goal: 85, higherIsBetter: true },
    { name: 'sleep_continuity', unit: 'percent', goal: 90, higherIsBetter: true },
    { name: 'sleep_debt', unit: 'minute', goal: 60, higherIsBetter: false },
  ],
  readiness: [
    { name: 'sleep_duration', unit: 'minute', goal: 480, higherIsBetter: true },
    { name: 'resting_heart_rate', unit: 'bpm', goal: 60, higherIsBetter: false },
    { name: 'heart_rate_variability', unit: 'ms', goal: 50, higherIsBetter: true },
    { name: 'physical_recovery', unit: 'percent', goal: 80, higherIsBetter: true },
  ],
  wellbeing: [
    { name: 'steps', unit: 'count', goal: 7500, higherIsBetter: true },
    { name: 'sleep_duration', unit: 'minute', goal: 480, higherIsBetter: true },
    { name: 'resting_heart_rate', unit: 'bpm', goal: 60, higherIsBetter: false },
  ],
  mental_wellbeing: [
    { name: 'sleep_regularity', unit: 'percent', goal: 85, higherIsBetter: true },
    { name: 'active_hours', unit: 'hour', goal: 10, higherIsBetter: true },
    { name: 'circadian_alignment', unit: 'percent', goal: 80, higherIsBetter: true },
  ],
};

const DATA_SOURCES: Record<string, string[]> = {
  activity: ['step_count', 'active_energy_burned', 'activity_summary'],
  sleep: ['sleep'],
  readiness: ['sleep', 'heart_rate', 'heart_rate_variability_sdnn'],
  wellbeing: ['step_count', 'sleep', 'heart_rate'],
  mental_wellbeing: ['sleep', 'step_count', 'device_lock'],
};

const SCORE_TYPES = Object.keys(SCORE_FACTORS);

interface DailyBiomarkerDef {
  category: string;
  type: string;
  aggregation: 'total' | 'average' | 'none';
  valueType: 'integer' | 'double' | 'datetime';
  unit: string;
  min: number;
  max: number;
  /** Only every n-th day (a scale is not stepped on daily). */
  every?: number;
  /** Also aggregated per week (average of the days). */
  weekly?: boolean;
}

const DAILY_BIOMARKERS: DailyBiomarkerDef[] = [
  { category: 'activity', type: 'steps', aggregation: 'total', valueType: 'integer', unit: 'count', min: 3000, max: 14000, weekly: true },
  { category: 'activity', type: 'active_energy_burned', aggregation: 'total', valueType: 'double', unit: 'kcal', min: 180, max: 820 },
  { category: 'activity', type: 'active_hours', aggregation: 'total', valueType: 'integer', unit: 'hour', min: 4, max: 14 },
  { category: 'sleep', type: 'sleep_duration', aggregation: 'total', valueType: 'integer', unit: 'minute', min: 330, max: 540, weekly: true },
  { category: 'sleep', type: 'sleep_efficiency', aggregation: 'average', valueType: 'double', unit: 'percent', min: 78, max: 97 },
  { category: 'sleep', type: 'sleep_start_time', aggregation: 'none', valueType: 'datetime', unit: 'datetime', min: -120, max: 90 },
  { category: 'vitals', type: 'heart_rate_resting', aggregation: 'average', valueType: 'double', unit: 'bpm', min: 52, max: 72, weekly: true },
  { category: 'vitals', type: 'heart_rate_variability_sdnn', aggregation: 'average', valueType: 'double', unit: 'ms', min: 28, max: 82 },
  { category: 'body', type: 'weight', aggregation: 'none', valueType: 'double', unit: 'kg', min: 64, max: 66, every: 7 },
  { category: 'activity', type: 'floors_climbed', aggregation: 'total', valueType: 'integer', unit: 'count', min: 2, max: 24 },
  { category: 'sleep', type: 'sleep_mid_time', aggregation: 'none', valueType: 'datetime', unit: 'datetime', min: 150, max: 300 },
];

interface ArchetypeDef {
  name: string;
  dataType: 'ordinal' | 'categorical';
  values: string[];
}

const ARCHETYPES: ArchetypeDef[] = [
  { name: 'activity_level', dataType: 'ordinal', values: ['sedentary', 'lightly_active', 'moderately_active', 'highly_active'] },
  { name: 'exercise_frequency', dataType: 'ordinal', values: ['rare_exerciser', 'occasional_exerciser', 'regular_exerciser', 'frequent_exerciser'] },
  { name: 'sleep_duration', dataType: 'ordinal', values: ['very_short_sleeper', 'short_sleeper', 'average_sleeper', 'long_sleeper'] },
  { name: 'overall_wellness', dataType: 'ordinal', values: ['poor_wellness', 'fair_wellness', 'good_wellness', 'optimal_wellness'] },
  { name: 'sleep_pattern', dataType: 'categorical', values: ['consistent_early_riser', 'consistent_night_owl', 'variable_sleeper'] },
  { name: 'wake_schedule', dataType: 'categorical', values: ['early_riser', 'regular_riser', 'late_riser'] },
];

const COMPARED_BIOMARKERS = ['steps', 'sleep_duration', 'heart_rate_resting'];
const FACTOR_TRENDS: { name: string; scoreType: string }[] = [
  { name: 'steps', scoreType: 'activity' },
  { name: 'sleep_duration', scoreType: 'sleep' },
  { name: 'resting_heart_rate', scoreType: 'readiness' },
];

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

const clamp01 = (n: number) => Math.min(1, Math.max(0, n));

function stateOf(score: number | null): string | null {
  if (score === null) return null;
  if (score < 0.25) return 'minimal';
  if (score < 0.5) return 'low';
  if (score < 0.75) return 'medium';
  return 'high';
}

interface Ctx {
  random: Random;
  now: number;
  /** Start (midnight UTC) of each seeded day, oldest first. */
  days: number[];
}

const between = (r: Random, min: number, max: number) => min + r() * (max - min);
const computedAt = (ctx: Ctx, periodEnd: number) => isoTime(Math.min(periodEnd + 2 * 3600_000, ctx.now));

function makeFactor(ctx: Ctx, def: FactorDef, scoreLevel: number | null): Json {
  const id = uuidFrom(ctx.random);
  if (scoreLevel === null) return { id, name: def.name, value: null, goal: def.goal, score: null, state: null, unit: def.unit };
  const ratio = 0.45 + scoreLevel * 0.55 + (ctx.random() - 0.5) * 0.2;
  const raw = def.higherIsBetter ? def.goal * ratio : def.goal / Math.max(ratio, 0.3);
  const value = round(def.unit === 'percent' ? Math.min(raw, 100) : raw, def.unit === 'count' || def.unit === 'minute' ? 0 : 1);
  const score = round(clamp01(def.higherIsBetter ? value / def.goal : def.goal / Math.max(value, 1)));
  return { id, name: def.name, value, goal: def.goal, score, state: stateOf(score), unit: def.unit };
}

function makeScores(ctx: Ctx, levels: Record<string, number>): Json[] {
  const out: Json[] = [];
  for (const day of ctx.days) {
    for (const type of SCORE_TYPES) {
      const missing = type === 'mental_wellbeing' && ctx.random() < 0.1;
      const score = missing ? null : round(clamp01(levels[type]! + (ctx.random() - 0.5) * 0.24));
      out.push({
        id: uuidFrom(ctx.random),
        type,
        state: stateOf(score),
        score,
        factors: SCORE_FACTORS[type]!.map((def) => makeFactor(ctx, def, score)),
        dataSources: DATA_SOURCES[type]!,
        scoreDateTime: isoTime(day),
        createdAtUtc: computedAt(ctx, day + DAY_MS),
        version: 1,
      });
    }
  }
  return out;
}

function biomarker(ctx: Ctx, def: DailyBiomarkerDef, periodicity: string, start: number, end: number, value: string): Json {
  return {
    id: uuidFrom(ctx.random),
    category: def.category,
    type: def.type,
    periodicity,
    aggregation: periodicity === 'weekly' ? 'average' : def.aggregation,
    value,
    unit: def.unit,
    valueType: periodicity === 'weekly' ? 'double' : def.valueType,
    startDateTime: isoTime(start),
    endDateTime: isoTime(end - END_OFFSET_MS),
  };
}

function dailyValue(ctx: Ctx, def: DailyBiomarkerDef, day: number): { text: string; num: number } {
  const num = between(ctx.random, def.min, def.max);
  if (def.valueType === 'datetime') return { text: isoTime(day - 60 * 60_000 + Math.round(num) * 60_000), num };
  if (def.valueType === 'integer') return { text: String(Math.round(num)), num: Math.round(num) };
  return { text: String(round(num, 1)), num: round(num, 1) };
}

/** Daily biomarkers, plus weekly averages; returns the daily numbers too (for comparisons). */
function makeBiomarkers(ctx: Ctx): { items: Json[]; daily: Map<string, number[]> } {
  const items: Json[] = [];
  const daily = new Map<string, number[]>();
  for (const def of DAILY_BIOMARKERS) {
    const nums: number[] = [];
    ctx.days.forEach((day, i) => {
      if (def.every && (ctx.days.length - 1 - i) % def.every !== 0) return;
      const v = dailyValue(ctx, def, day);
      nums.push(v.num);
      items.push(biomarker(ctx, def, 'daily', day, day + DAY_MS, v.text));
    });
    daily.set(def.type, nums);
    if (!def.weekly) continue;
    for (const week of weeks(ctx)) {
      const avg = mean(nums.slice(week.index * 7, week.index * 7 + 7));
      items.push(biomarker(ctx, def, 'weekly', week.start, week.end, String(round(avg, 1))));
    }
  }
  return { items, daily };
}

/** The whole weeks of the seeded days, oldest first. */
function weeks(ctx: Ctx): { index: number; start: number; end: number }[] {
  const out: { index: number; start: number; end: number }[] = [];
  for (let i = 0; (i + 1) * 7 <= ctx.days.length; i++) {
    const start = ctx.days[i * 7]!;
    out.push({ index: i, start, end: start + WEEK_MS });
  }
  return out;
}

function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}

function makeArchetypes(ctx: Ctx, levels: Record<string, number>): Json[] {
  const periods = weeks(ctx).map((w) => ({ periodicity: 'weekly', start: w.start, end: w.end }));
  const first = ctx.days[0]!;
  periods.push({ periodicity: 'monthly', start: first, end: first + ctx.days.length * DAY_MS });
  const out: Json[] = [];
  for (const period of periods) {
    for (const def of ARCHETYPES) {
      const level = def.dataType === 'ordinal' ? clamp01((levels.activity! + levels.sleep!) / 2 + (ctx.random() - 0.5) * 0.3) : ctx.random();
      const ordinality = Math.min(def.values.length - 1, Math.floor(level * def.values.length));
      out.push({
        id: uuidFrom(ctx.random),
        name: def.name,
        value: def.values[ordinality]!,
        dataType: def.dataType,
        periodicity: period.periodicity,
        startDateTime: isoTime(period.start),
        endDateTime: isoTime(period.end - END_OFFSET_MS),
        ordinality,
        version: 1,
      });
    }
  }
  return out;
}

interface Point {
  start: number;
  end: number;
  value: number;
}

interface TrendInput {
  category: string;
  name: string;
  periodicity: string;
  unit: string;
  isHigherBetter: boolean;
  points: Point[];
}

/** A trend needs at least two periods; fewer give none. */
function trend(ctx: Ctx, t: TrendInput): Json[] {
  if (t.points.length < 2) return [];
  const values = t.points.map((p) => p.value);
  const first = values[0]!;
  const last = values[values.length - 1]!;
  const change = first === 0 ? 0 : (last - first) / Math.abs(first);
  const data = t.points.map((p, i) => {
    const prev = i > 0 ? t.points[i - 1]!.value : null;
    return {
      startDateTime: isoTime(p.start),
      endDateTime: isoTime(p.end - END_OFFSET_MS),
      value: round(p.value, t.unit === 'score' ? 2 : 1),
      percentChange: prev === null || prev === 0 ? null : round(((p.value - prev) / Math.abs(prev)) * 100),
    };
  });
  const end = t.points[t.points.length - 1]!.end;
  return [{
    id: uuidFrom(ctx.random),
    category: t.category,
    name: t.name,
    periodicity: t.periodicity,
    state: change > 0.05 ? 'increasing' : change < -0.05 ? 'decreasing' : 'stable',
    isHigherBetter: t.isHigherBetter,
    unit: t.unit,
    valueRange: round(Math.max(...values) - Math.min(...values)),
    trendStartDateTime: isoTime(t.points[0]!.start),
    trendEndDateTime: isoTime(end - END_OFFSET_MS),
    version: 1,
    data,
    createdAtUtc: computedAt(ctx, end),
  }];
}

function scoreSeries(scores: Json[], type: string): Map<number, number> {
  const byDay = new Map<number, number>();
  for (const s of scores) if (s.type === type && typeof s.score === 'number') byDay.set(Date.parse(String(s.scoreDateTime)), s.score);
  return byDay;
}

function factorSeries(scores: Json[], scoreType: string, factor: string): Map<number, number> {
  const byDay = new Map<number, number>();
  for (const s of scores) {
    if (s.type !== scoreType) continue;
    const f = (s.factors as Json[]).find((x) => x.name === factor);
    if (f && typeof f.value === 'number') byDay.set(Date.parse(String(s.scoreDateTime)), f.value);
  }
  return byDay;
}

function weeklyPoints(ctx: Ctx, byDay: Map<number, number>): Point[] {
  return weeks(ctx).map((w) => ({ start: w.start, end: w.end, value: mean(ctx.days.slice(w.index * 7, w.index * 7 + 7).flatMap((d) => (byDay.has(d) ? [byDay.get(d)!] : []))) }));
}

function dailyPoints(ctx: Ctx, byDay: Map<number, number>, count: number): Point[] {
  return ctx.days.slice(-count).flatMap((d) => (byDay.has(d) ? [{ start: d, end: d + DAY_MS, value: byDay.get(d)! }] : []));
}

function makeTrends(ctx: Ctx, scores: Json[]): Json[] {
  const out: Json[] = [];
  for (const type of SCORE_TYPES) {
    const series = scoreSeries(scores, type);
    out.push(...trend(ctx, { category: 'score', name: type, periodicity: 'weekly', unit: 'score', isHigherBetter: true, points: weeklyPoints(ctx, series) }));
    out.push(...trend(ctx, { category: 'score', name: type, periodicity: 'daily', unit: 'score', isHigherBetter: true, points: dailyPoints(ctx, series, 7) }));
  }
  for (const f of FACTOR_TRENDS) {
    const def = SCORE_FACTORS[f.scoreType]!.find((d) => d.name === f.name)!;
    const points = weeklyPoints(ctx, factorSeries(scores, f.scoreType, f.name));
    out.push(...trend(ctx, { category: 'factor', name: f.name, periodicity: 'weekly', unit: def.unit, isHigherBetter: def.higherIsBetter, points }));
  }
  return out;
}

function comparison(ctx: Ctx, c: { category: string; name: string; unit: string; value: number; start: number; end: number }): Json {
  const digits = c.unit === 'score' ? 2 : 1;
  const benchmarks = ['all', 'age_group', 'gender'].map((cohort) => {
    const cohortValue = c.value * between(ctx.random, 0.85, 1.15);
    const relative = cohortValue === 0 ? 0 : (c.value - cohortValue) / cohortValue;
    return {
      cohort,
      value: round(cohortValue, digits),
      difference: round(c.value - cohortValue, digits),
      percentile: Math.round(Math.min(99, Math.max(1, 50 + relative * 250))),
    };
  });
  return {
    id: uuidFrom(ctx.random),
    category: c.category,
    name: c.name,
    periodicity: 'weekly',
    unit: c.unit,
    value: round(c.value, digits),
    startDateTime: isoTime(c.start),
    endDateTime: isoTime(c.end - END_OFFSET_MS),
    version: 1,
    benchmarks,
    createdAtUtc: computedAt(ctx, c.end),
  };
}

function makeComparisons(ctx: Ctx, scores: Json[], daily: Map<string, number[]>): Json[] {
  const out: Json[] = [];
  for (const week of weeks(ctx).slice(-2)) {
    for (const type of SCORE_TYPES) {
      const value = weeklyPoints(ctx, scoreSeries(scores, type))[week.index]!.value;
      out.push(comparison(ctx, { category: 'score', name: type, unit: 'score', value, start: week.start, end: week.end }));
    }
    for (const name of COMPARED_BIOMARKERS) {
      const def = DAILY_BIOMARKERS.find((d) => d.type === name)!;
      const value = mean((daily.get(name) ?? []).slice(week.index * 7, week.index * 7 + 7));
      out.push(comparison(ctx, { category: 'biomarker', name, unit: def.unit, value, start: week.start, end: week.end }));
    }
  }
  return out;
}

/** `days` days of data ending with yesterday (UTC), computed as of `now`. */
export function generateProfileData(random: Random, now: number, days: number): ProfileData {
  const today = startOfDay(now);
  const ctx: Ctx = { random, now, days: Array.from({ length: days }, (_, i) => today - (days - i) * DAY_MS) };
  const levels = Object.fromEntries(SCORE_TYPES.map((t) => [t, between(random, 0.42, 0.82)]));
  const scores = makeScores(ctx, levels);
  const { items: biomarkers, daily } = makeBiomarkers(ctx);
  return {
    scores,
    biomarkers,
    archetypes: makeArchetypes(ctx, levels),
    trends: makeTrends(ctx, scores),
    comparisons: makeComparisons(ctx, scores, daily),
  };
}

/**
 * Canary health values, planted in the production instance only (its first sample profile): a birth date, an
 * occupation, a gender, a device id, and every score nudged by 0.000137 so that each value is one no other part of the
 * project prints. The redaction audit (tests/self/redaction-audit.spec.ts) runs the production target and must find
 * none of them in any artifact. Returns the values as they appear in JSON.
 */
export const PRODUCTION_HEALTH_CANARIES = {
  demographic: { age: 97, gender: 'canary-gender-quill', birthDate: '1928-02-29', occupation: 'Canary Quillfeather Lighthouse Keeper' },
  deviceId: 'canary-device-prod-7f3e9a',
} as const;

export function plantProductionCanaries(profile: { demographic: Record<string, unknown>; deviceInformation?: Record<string, unknown>; data: ProfileData }): string[] {
  Object.assign(profile.demographic, PRODUCTION_HEALTH_CANARIES.demographic);
  if (profile.deviceInformation) profile.deviceInformation.deviceId = PRODUCTION_HEALTH_CANARIES.deviceId;
  const values: string[] = [PRODUCTION_HEALTH_CANARIES.demographic.gender, PRODUCTION_HEALTH_CANARIES.demographic.birthDate, PRODUCTION_HEALTH_CANARIES.demographic.occupation, PRODUCTION_HEALTH_CANARIES.deviceId];
  for (const score of profile.data.scores) {
    if (typeof score.score !== 'number') continue;
    const nudged = Number((score.score > 0.5 ? score.score - 0.000137 : score.score + 0.000137).toFixed(6));
    score.score = nudged;
    values.push(JSON.stringify(nudged));
  }
  return values;
}
