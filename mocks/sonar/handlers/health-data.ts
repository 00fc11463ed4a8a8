/** A user's scores, daily metrics, sleep, workouts and time series: filtered by date range (and metric), paged. */
import type { MockContext, MockResponse } from '../../kernel/types';
import { withCaller, type Caller } from '../auth';
import { isResponse } from '../errors';
import { FAULT } from '../fault-names';
import { allOf, dateRange, listParam, pageOf } from '../query';
import type { DataKind, Json, SonarState } from '../state';
import { pathUser } from './common';

type Ctx = MockContext<SonarState>;
type ItemFilter = (ctx: Ctx) => (item: Json) => boolean;

const everything: ItemFilter = () => () => true;

/** Items whose `metric` is among the comma-separated values of a query parameter (all when it is absent). */
const metricIn =
  (param: string): ItemFilter =>
  (ctx) => {
    if (ctx.faults.has(FAULT.scoreMetricFilterIgnored) && ctx.req.op.operationId === 'getLatestScores') return () => true;
    const wanted = listParam(ctx, param);
    return (item) => wanted === undefined || wanted.has(String(item.metric));
  };

type ItemView = (ctx: Ctx) => (item: Json) => Json;
const asStored: ItemView = () => (item) => item;

/** A daily item carries its `source` only when the request has include_sources=true (docs.sonarhealth.co/data-model). */
const sourcesOnRequest: ItemView = (ctx) => {
  const include = ctx.req.query.get('include_sources') === 'true';
  return (item) => (include || !('source' in item) ? item : Object.fromEntries(Object.entries(item).filter(([name]) => name !== 'source')));
};

/** For each score id, the user's most recent score (the latest day), oldest id order kept. */
const latestScores = withCaller((ctx: Ctx, caller: Caller): MockResponse => {
  const user = pathUser(ctx, caller);
  if (isResponse(user)) return user;
  const keep = metricIn('metrics')(ctx);
  const latest = new Map<string, { date: string; item: Json }>();
  for (const d of user.data.scores) {
    const metric = String(d.item.metric);
    const seen = latest.get(metric);
    if (keep(d.item) && (!seen || d.date > seen.date)) latest.set(metric, d);
  }
  return allOf([...latest.values()].map((d) => d.item));
});

/** The read of one kind of data for the user in the path. */
function dataRead(kind: DataKind, filter: ItemFilter = everything, view: ItemView = asStored) {
  return withCaller((ctx: Ctx, caller: Caller): MockResponse => {
    const user = pathUser(ctx, caller);
    if (isResponse(user)) return ctx.faults.has(FAULT.unknownUserEmpty) && user.status === 404 ? pageOf(ctx, []) : user;
    const range = dateRange(ctx, user);
    if (isResponse(range)) return range;
    const keep = filter(ctx);
    const show = view(ctx);
    const items = user.data[kind].filter((d) => d.date >= range.start && d.date <= range.end && keep(d.item)).map((d) => show(d.item));
    return pageOf(ctx, items);
  });
}

export const healthDataHandlers = {
  listScores: dataRead('scores', metricIn('metrics')),
  getLatestScores: latestScores,
  listDailyMetrics: dataRead('daily', metricIn('metrics'), sourcesOnRequest),
  listSleep: dataRead('sleep'),
  listWorkouts: dataRead('workouts'),
  listTimeseries: dataRead('timeseries', metricIn('metric')),
};
