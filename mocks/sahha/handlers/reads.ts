/** The data reads (scores, biomarkers, archetypes, trends, comparisons), each for a profile token or by externalId. */
import { secured } from '../auth';
import { fail, isResponse } from '../errors';
import { FAULT } from '../fault-names';
import { allowedParam, dateWindow, fieldMatches, overlaps } from '../query';
import type { Json, ProfileData } from '../state';
import { listResponse, targetProfile } from './common';

interface ReadDef {
  dataset: keyof ProfileData;
  /** Fields holding the item's interval (the same field twice for an instant). */
  from: string;
  to: string;
  /** Query parameter -> item field it filters on. */
  filters: Record<string, string>;
}

const READS: Record<string, ReadDef> = {
  scores: { dataset: 'scores', from: 'scoreDateTime', to: 'scoreDateTime', filters: { types: 'type', version: 'version' } },
  biomarkers: { dataset: 'biomarkers', from: 'startDateTime', to: 'endDateTime', filters: { categories: 'category', types: 'type' } },
  archetypes: { dataset: 'archetypes', from: 'startDateTime', to: 'endDateTime', filters: { name: 'name', periodicity: 'periodicity' } },
  trends: { dataset: 'trends', from: 'trendStartDateTime', to: 'trendEndDateTime', filters: { category: 'category', name: 'name', periodicity: 'periodicity', version: 'version' } },
  comparisons: { dataset: 'comparisons', from: 'startDateTime', to: 'endDateTime', filters: { category: 'category', name: 'name', periodicity: 'periodicity', version: 'version' } },
};

/** The categories the native SDKs list beyond the first six (what the new-biomarker-category-refused fault refuses). */
const NEWER_CATEGORIES = ['exercise', 'device', 'nutrition'];

function newestFirst(items: Json[], field: string): Json[] {
  return [...items].sort((a, b) => Date.parse(String(b[field])) - Date.parse(String(a[field])));
}

function readHandler(def: ReadDef) {
  return secured((ctx, who) => {
    const window = dateWindow(ctx);
    if (isResponse(window)) return window;
    const wanted: [string, string[]][] = [];
    for (const [param, field] of Object.entries(def.filters)) {
      const values = allowedParam(ctx, param);
      if (isResponse(values)) return values;
      const refused = param === 'categories' && ctx.faults.has(FAULT.newBiomarkerCategoryRefused) ? values.find((v) => NEWER_CATEGORIES.includes(v)) : undefined;
      if (refused) return fail(ctx, 400, 'query.categories', `query.categories has "${refused}"; it must be one of "activity", "body", "characteristic", "reproductive", "sleep", "vitals".`);
      if (values.length > 0 && !ctx.faults.has(FAULT.filtersIgnored)) wanted.push([field, values]);
    }
    const profile = targetProfile(ctx, who);
    if (isResponse(profile)) return profile;
    const items = profile.data[def.dataset].filter((item) => overlaps(item, def.from, def.to, window) && wanted.every(([field, values]) => fieldMatches(item, field, values)));
    return listResponse(ctx, newestFirst(items, def.from));
  });
}

const scores = readHandler(READS.scores!);
const biomarkers = readHandler(READS.biomarkers!);
const archetypes = readHandler(READS.archetypes!);
const trends = readHandler(READS.trends!);
const comparisons = readHandler(READS.comparisons!);

export const readHandlers = {
  getScores: scores,
  getScoresByExternalId: scores,
  getBiomarkers: biomarkers,
  getBiomarkersByExternalId: biomarkers,
  getArchetypes: archetypes,
  getArchetypesByExternalId: archetypes,
  getTrends: trends,
  getTrendsByExternalId: trends,
  getComparisons: comparisons,
  getComparisonsByExternalId: comparisons,
};
