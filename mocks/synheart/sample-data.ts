/**
 * Seeded sample data of the Synheart mock: realistic HSI 1.3 snapshots (a wearable and a phone as sources,
 * physiological, kinematic, cognitive and affective readings with a daily rhythm) and the apps' consent profiles.
 */
import { between, uuidFrom } from './seed';
import { DAY_MS, isoTime, SECOND_MS, type Json } from './state';

export const SEEDED_DAYS = 5;
/** Snapshots a seeded user produces per day (one every 6 hours). */
const SNAPSHOTS_PER_DAY = 4;
const WINDOW_SECONDS = 300;
const PRODUCER = { name: 'synheart-core', version: '0.4.2' };
export const SAMPLE_METADATA = { sdk_version: '0.4.2', platform: 'ios', capability_level: 'core' };

/** How rested the user is at an hour of the day (0..1): low in the small hours, best late morning. */
function dailyRhythm(hour: number): number {
  return 0.5 + 0.35 * Math.sin(((hour - 4) / 24) * 2 * Math.PI);
}

function reading(name: string, score: number | null, confidence: number, modelId: string, extra: Json = {}): Json {
  return {
    name,
    score,
    confidence,
    direction: 'higher_is_more',
    inference_mode: 'deterministic_rule',
    model_id: modelId,
    window_ids: ['w_main'],
    evidence_source_ids: ['s_watch'],
    ...extra,
  };
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, Math.round(v * 100) / 100));

function axes(random: () => number, hour: number): Json {
  const rested = dailyRhythm(hour);
  const activity = hour >= 8 && hour <= 20 ? between(random, 0.4, 0.9) : between(random, 0, 0.2);
  return {
    physiological: [
      reading('recovery', clamp01(rested + between(random, -0.1, 0.1)), between(random, 0.6, 0.9), 'rulepack://recovery_v1'),
      reading('strain', clamp01(activity * 0.8 + between(random, 0, 0.15)), between(random, 0.55, 0.85), 'rulepack://strain_v1'),
    ],
    kinematic: [
      reading('activity_state', null, between(random, 0.7, 0.95), 'rulepack://activity_state_v1', {
        direction: 'categorical',
        label: activity > 0.6 ? 'in_motion' : activity > 0.2 ? 'sitting' : 'lying',
        categories: ['lying', 'sitting', 'standing', 'in_motion'],
      }),
    ],
    cognitive: [
      reading('focus', clamp01(rested * 0.9 + between(random, -0.1, 0.1)), between(random, 0.5, 0.8), 'rulepack://focus_v1', {
        inference_mode: 'composite',
        modalities_used: ['physiological', 'digital'],
        evidence_source_ids: ['s_watch', 's_phone'],
      }),
    ],
    affective: [
      reading('arousal', clamp01(0.3 + activity * 0.5 + between(random, -0.05, 0.05)), between(random, 0.4, 0.7), 'model://affective_v1', {
        direction: 'bidirectional',
        inference_mode: 'probabilistic_model',
        modalities_used: ['physiological'],
      }),
    ],
  };
}

function provenance(random: () => number): Json {
  return {
    engine: 'synheart-state-runtime',
    engine_version: PRODUCER.version,
    sources: {
      s_watch: { type: 'sensor', quality: between(random, 0.7, 0.95), degraded: false, source_tier: 2, device_class: 'watch', signals: ['ppg', 'hrv', 'accel'], transport: 'ble' },
      s_phone: { type: 'sensor', quality: between(random, 0.8, 0.95), degraded: false, source_tier: 3, device_class: 'phone', signals: ['touch', 'accel'], transport: 'inproc' },
    },
  };
}

/** One HSI 1.3 snapshot observed at `observedAt` (epoch ms), computed two seconds later. */
export function sampleSnapshot(random: () => number, observedAt: number): Json {
  const hour = new Date(observedAt).getUTCHours();
  return {
    hsi_version: '1.3',
    observed_at_utc: isoTime(observedAt),
    computed_at_utc: isoTime(observedAt + 2 * SECOND_MS),
    producer: PRODUCER,
    windows: { w_main: { start_utc: isoTime(observedAt - WINDOW_SECONDS * SECOND_MS), end_utc: isoTime(observedAt), label: '5m' } },
    axes: axes(random, hour),
    privacy: { contains_pii: false, raw_biosignals_allowed: false, derived_metrics_allowed: true, consent: 'explicit' },
    meta: { ids: { hsi_id: uuidFrom(random) }, provenance: provenance(random) },
  };
}

/** Observation instants of a seeded user: every 6 hours over the `days` days before `now`, oldest first. */
export function observationTimes(now: number, days: number, offsetMinutes: number): number[] {
  const start = Math.floor(now / DAY_MS) * DAY_MS - days * DAY_MS;
  const step = DAY_MS / SNAPSHOTS_PER_DAY;
  return Array.from({ length: days * SNAPSHOTS_PER_DAY }, (_, i) => start + i * step + offsetMinutes * 60 * SECOND_MS);
}

function consentProfile(id: string, name: string, description: string, channels: Json, extra: Json = {}): Json {
  return { id, name, description, channels, cloud: true, vendorSyncEnabled: false, is_default: false, ...extra };
}

const channels = (vitals: boolean, sleep: boolean, motion: boolean, screenState: boolean, behavior: boolean, focus: boolean, emotion: boolean): Json => ({
  biosignals: { vitals, sleep },
  phoneContext: { motion, screenState },
  behavior: { enabled: behavior },
  interpretation: { focus_estimation: focus, emotion_estimation: emotion },
});

/** The consent profiles of the first sample app: two offered today, one retired. */
export function wellnessConsentProfiles(): { profile: Json; active: boolean }[] {
  return [
    { active: true, profile: consentProfile('cp_mock_standard', 'Standard', 'Heart rate, HRV and sleep, uploaded to the cloud.', channels(true, true, true, false, false, true, false), { is_default: true }) },
    { active: true, profile: consentProfile('cp_mock_full', 'Full insight', 'Everything in Standard plus behaviour and emotion estimates.', channels(true, true, true, true, true, true, true), { vendorSyncEnabled: true }) },
    { active: false, profile: consentProfile('cp_mock_local_2025', 'Local only (2025)', 'Retired: on-device processing without cloud upload.', channels(true, true, false, false, false, false, false), { cloud: false }) },
  ];
}

/** The consent profile of the second sample app. */
export function researchConsentProfiles(): { profile: Json; active: boolean }[] {
  return [{ active: true, profile: consentProfile('cp_mock_study', 'Study participant', 'All channels, for an approved research study.', channels(true, true, true, true, true, true, true), { is_default: true }) }];
}
