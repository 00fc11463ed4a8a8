/** A user's scores, daily metrics, sleep, workouts and time series: filtered by date range (and metric), paged. */
import type { MockContext, MockResponse } from '../../kernel/types';
import { withCaller, type Caller } from '../auth';
import { isResponse } from '../errors';
import { FAULT } from '../fault-names';
import { dateRange, listParam, pageOf } from '../query';
import type { DataKind, Json, SonarState } from '../state';
import { pathUser } from './common';

type Ctx = MockContext<SonarState>;
type ItemFilter = (ctx: Ctx) => (item: Json) => boolean;

const everything: ItemFilter = () => () => true;

/** Items whose `metric` is among the comma-separated values of a query parameter (all when it is absent). */
const metricIn =
  (param: string): ItemFilter =>
  (ctx) => {
    const wanted = listParam(ctx, param);
    return (item) => wanted === undefined || wanted.has(String(item.metric));
  };

/** The read of one kind of data for the user in the path. */
function dataRead(kind: DataKind, filter: ItemFilter = everything) {
  return withCaller((ctx: Ctx, caller: Caller): MockResponse => {
    const user = pathUser(ctx, caller);
    if (isResponse(user)) return ctx.faults.has(FAULT.unknownUserEmpty) && user.status === 404 ? pageOf(ctx, []) : user;
    const range = dateRange(ctx, user);
    if (isResponse(range)) return range;
    const keep = filter(ctx);
    const items = user.data[kind].filter((d) => d.date >= range.start && d.date <= range.end && keep(d.item)).map((d) => d.item);
    return pageOf(ctx, items);
  });
}

export const healthDataHandlers = {
  listScores: dataRead('scores', metricIn('metrics')),
  listDailyMetrics: dataRead('daily', metricIn('metrics')),
  listSleep: dataRead('sleep'),
  listWorkouts: dataRead('workouts'),
  listTimeseries: dataRead('timeseries', metricIn('metric')),
};
