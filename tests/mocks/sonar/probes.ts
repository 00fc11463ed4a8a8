/**
 * One small probe per catalog ID (and GEN-AUTH) of the Sonar mock: a few requests summarised as one outcome
 * string. Without faults every probe gives its EXPECTED outcome; a fault modifier must change exactly the probes
 * of the IDs it breaks.
 */
import type { Probe } from '../fault-sweep';
import { findResponse } from '../../../src/openapi';
import { call, control, errorProblems, handshake, LIVE_KEY, SANDBOX_KEY, secondsUntil, spec, UNKNOWN_USER, userIds, type Answer, type Sonar } from './helpers';

const outcome = (res: Answer) => (res.status < 300 ? String(res.status) : `${res.status} ${res.json?.error}`);
const shaped = (res: Answer) => `${res.status} ${errorProblems(res).length === 0 ? 'shaped' : 'unshaped'}`;
const seconds = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;

async function mint(mock: Sonar, operationId: string, json: Record<string, unknown>): Promise<Answer> {
  return call(mock, operationId, { token: SANDBOX_KEY, json });
}

/** Seeded data a new user can be read for: how many recovery scores, daily step counts, sleep sessions and devices (each within a page). */
async function totals(mock: Sonar, key: string, userId: string): Promise<string> {
  const reads: [string, Record<string, string | number>][] = [['listScores', { metrics: 'recovery_score', per_page: 100 }], ['listDailyMetrics', { metrics: 'steps', per_page: 100 }], ['listSleep', { per_page: 100 }], ['listDevices', {}]];
  const out: number[] = [];
  for (const [operationId, query] of reads) out.push((await call(mock, operationId, { token: key, pathParams: { user_id: userId }, query })).json?.data?.length);
  return out.join(',');
}

/** The user's daily items, sleep sessions and heart-rate points (each within a page) after its devices are deleted (the history goes with them). */
async function afterDeletingDevices(mock: Sonar, key: string, userId: string): Promise<string> {
  const user = { user_id: userId };
  for (const d of (await call(mock, 'listDevices', { token: key, pathParams: user })).json.data) await call(mock, 'deleteDevice', { token: key, pathParams: { ...user, device_id: d.id } });
  const reads: [string, Record<string, string | number>][] = [['listDailyMetrics', {}], ['listSleep', {}], ['listTimeseries', { metric: 'heart_rate' }]];
  const out: number[] = [];
  for (const [operationId, query] of reads) out.push((await call(mock, operationId, { token: key, pathParams: user, query: { ...query, per_page: 100 } })).json?.data?.length);
  return out.join(',');
}

/** Schema problems of a 200 answer against its documented response (closed as GEN-UNDECLARED closes it). */
function schemaProblems(res: Answer): string[] {
  const media = findResponse(spec.operation(res.operationId), res.status)?.content[0];
  if (res.status !== 200 || !media?.schema) return [`${res.operationId} ${res.status}`];
  return spec.validators.validateAt(media.schemaPointer, media.schema, res.json, { undeclared: true }).map((d) => `${res.operationId}: ${d.message}`);
}

/** A user token of the first sandbox user. */
async function ownToken(mock: Sonar): Promise<{ userId: string; token: string; expiresAt: string }> {
  const userId = userIds(mock)[0]!;
  const res = await mint(mock, 'createUserToken', { user_id: userId });
  return { userId, token: res.json.token, expiresAt: res.json.expires_at };
}

const scoresWith = (mock: Sonar, token: string, userId: string) => call(mock, 'listScores', { token, pathParams: { user_id: userId } });

export const PROBES: Record<string, Probe<Sonar>> = {
  'SON-ENV-1': async (mock) => {
    const res = await call(mock, 'createUser', { token: SANDBOX_KEY, json: { reference_id: 'probe-env-1' } });
    const userId = res.json.data.id;
    return `${res.status} ${res.json.data.score_status} ${await totals(mock, SANDBOX_KEY, userId)} deleted-device:${await afterDeletingDevices(mock, SANDBOX_KEY, userId)}`;
  },
  'SON-ENV-2': async (mock) => {
    const res = await call(mock, 'createUser', { token: LIVE_KEY, json: { reference_id: 'probe-env-2' } });
    const fromSandbox = await call(mock, 'getUser', { token: SANDBOX_KEY, pathParams: { user_id: res.json.data.id } });
    return `${res.status} ${res.json.data.score_status} ${await totals(mock, LIVE_KEY, res.json.data.id)} sandbox-sees:${outcome(fromSandbox)}`;
  },
  'SON-ENV-3': async (mock) => {
    const answers = await Promise.all(['pk_mock_0001', 'sk_test_mock_0001'].map((token) => call(mock, 'listUsers', { token })));
    return answers.map(outcome).join('/');
  },
  'SON-TOK-1': async (mock) => {
    const userId = userIds(mock)[0]!;
    const res = await mint(mock, 'createUserToken', { user_id: userId });
    const lifetime = Math.round(secondsUntil(mock, res.json.expires_at) / 60) * 60;
    return `${res.status} ${Object.keys(res.json).sort().join(',')} ${lifetime} ${outcome(await scoresWith(mock, res.json.token, userId))}`;
  },
  'SON-TOK-2': async (mock) => {
    const { userId, token, expiresAt } = await ownToken(mock);
    mock.clock.advance(secondsUntil(mock, expiresAt) + 1);
    return outcome(await scoresWith(mock, token, userId));
  },
  'SON-TOK-3': async (mock) => {
    const first = await ownToken(mock);
    mock.clock.advance(600);
    const res = await mint(mock, 'refreshUserToken', { user_id: first.userId });
    const later = seconds(first.expiresAt, res.json.expires_at) > 0 ? 'later' : 'not-later';
    return `${res.status} ${later} ${res.json.token === first.token ? 'same' : 'new'} ${outcome(await scoresWith(mock, res.json.token, first.userId))}`;
  },
  'SON-TOK-4': async (mock) => {
    const userId = userIds(mock)[0]!;
    const answers = [await mint(mock, 'createMobileToken', { user_id: userId }), await mint(mock, 'createMobileToken', { user_id: userId, scopes: ['sleep'] })];
    return answers.map((res) => (res.status === 200 ? `${res.json.token.slice(0, 3)} ${Math.round(secondsUntil(mock, res.json.expires_at) / 60)}min` : outcome(res))).join('/');
  },
  'SON-TOK-5': async (mock) => {
    const userId = userIds(mock)[0]!;
    const used = (await mint(mock, 'createMobileToken', { user_id: userId, scopes: ['sleep'] })).json.token;
    const steps = [await handshake(mock, used), await handshake(mock, used)];
    const idle = (await mint(mock, 'createMobileToken', { user_id: userId, scopes: ['sleep'] })).json;
    mock.clock.advance(secondsUntil(mock, idle.expires_at) + 1);
    steps.push(await handshake(mock, idle.token));
    return steps.map(outcome).join('/');
  },
  'SON-TOK-6': async (mock) => {
    const userId = userIds(mock)[0]!;
    const { token } = (await mint(mock, 'createMobileToken', { user_id: userId, scopes: ['sleep'] })).json;
    return [await scoresWith(mock, token, userId), await call(mock, 'listDevices', { token, pathParams: { user_id: userId } })].map(outcome).join('/');
  },
  'SON-TOK-7': async (mock) => {
    const rotated = await control(mock, 'rotateKey', { environment: 'sandbox' });
    const steps = [await call(mock, 'listUsers', { token: SANDBOX_KEY }), await call(mock, 'listUsers', { token: rotated.key })];
    mock.clock.advance(90 * 86_400 + 1);
    steps.push(await call(mock, 'listUsers', { token: rotated.key }));
    return steps.map(outcome).join('/');
  },
  'SON-SCP-1': async (mock) => {
    const { userId, token } = await ownToken(mock);
    const reads: [string, Record<string, string>][] = [['listScores', {}], ['listDailyMetrics', {}], ['listSleep', {}], ['listWorkouts', {}], ['listTimeseries', { metric: 'heart_rate' }], ['listDevices', {}]];
    const answers: Answer[] = [];
    for (const [operationId, query] of reads) answers.push(await call(mock, operationId, { token, pathParams: { user_id: userId }, query }));
    return answers.map(outcome).join('/');
  },
  'SON-SCP-2': async (mock) => {
    const { token } = await ownToken(mock);
    const other = { user_id: userIds(mock)[1]! };
    return [await call(mock, 'listScores', { token, pathParams: other }), await call(mock, 'listDevices', { token, pathParams: other })].map(outcome).join('/');
  },
  'SON-SCP-3': async (mock) => {
    const { userId, token } = await ownToken(mock);
    const answers = [
      await call(mock, 'createUser', { token, json: { reference_id: 'probe-scp-3' } }),
      await call(mock, 'listWebhooks', { token }),
      await call(mock, 'createMobileToken', { token, json: { user_id: userId } }),
      await call(mock, 'deleteUser', { token, pathParams: { user_id: userId } }),
    ];
    return answers.map(outcome).join('/');
  },
  'SON-ERR-1': async (mock) => {
    const { token } = await ownToken(mock);
    const answers = [
      await call(mock, 'listUsers', { token: SANDBOX_KEY, query: { per_page: 101 } }),
      await call(mock, 'listUsers', { headers: { authorization: 'Basic bW9jazptb2Nr' } }),
      await call(mock, 'listScores', { token, pathParams: { user_id: userIds(mock)[1]! } }),
      await call(mock, 'createUser', { token, json: { reference_id: 'probe-err-1' } }),
      await call(mock, 'getUser', { token: SANDBOX_KEY, pathParams: { user_id: UNKNOWN_USER } }),
    ];
    const problems = answers.filter((a) => a.status >= 400 && errorProblems(a).length > 0).map((a) => `${a.operationId} ${a.status}`);
    return problems.length ? `unshaped: ${problems.join(', ')}` : 'every error shaped';
  },
  'SON-ERR-2': async (mock) => {
    const unknown = { user_id: UNKNOWN_USER };
    const answers = [await call(mock, 'getUser', { token: SANDBOX_KEY, pathParams: unknown }), await call(mock, 'listScores', { token: SANDBOX_KEY, pathParams: unknown }), await mint(mock, 'createUserToken', unknown)];
    return answers.map(outcome).join('/');
  },
  'SON-PAGE-1': async (mock) => {
    const page = async (query: Record<string, number>) => {
      const res = await call(mock, 'listUsers', { token: SANDBOX_KEY, query });
      return res.status === 200 ? `${res.json.data.length}:${JSON.stringify(res.json.meta ?? null)}` : outcome(res);
    };
    const filtered = await call(mock, 'listUsers', { token: SANDBOX_KEY, query: { reference_id: 'sandbox-customer-0002' } });
    const found = filtered.json.data.map((u: { reference_id: string }) => u.reference_id).join(',');
    return [await page({ per_page: 2 }), await page({ per_page: 2, page: 2 }), await page({ per_page: 101 }), `filter:${found}`].join(' ');
  },
  'GEN-SCHEMA': async (mock) => {
    const userId = userIds(mock)[0]!;
    const answers = [await call(mock, 'createDevice', { token: SANDBOX_KEY, pathParams: { user_id: userId }, json: { provider: 'polar' } }), await call(mock, 'listEvents', { token: SANDBOX_KEY, query: { limit: 2 } })];
    const problems = answers.flatMap(schemaProblems);
    return problems.length ? `invalid: ${problems.join('; ')}` : 'valid';
  },
  'GEN-AUTH': async (mock) => {
    const answers = [
      await call(mock, 'listUsers'),
      await call(mock, 'listScores', { token: 'mock-malformed-credential', pathParams: { user_id: userIds(mock)[0]! } }),
      await call(mock, 'sdkHandshake', { json: { platform: 'ios', sdk_version: '2.4.1' } }),
    ];
    return answers.map(shaped).join('/');
  },
  'GEN-BOUNDARY': async (mock) => {
    const userId = userIds(mock)[0]!;
    const metricsOf = async (metric: string) => {
      const res = await call(mock, 'listScores', { token: SANDBOX_KEY, pathParams: { user_id: userId }, query: { metrics: metric } });
      return res.status === 200 ? `${res.status} ${[...new Set(res.json.data.map((d: { metric: string }) => d.metric))].sort().join(',')}` : String(res.status);
    };
    const latest = await call(mock, 'getLatestScores', { token: SANDBOX_KEY, pathParams: { user_id: userId }, query: { metrics: 'recovery_score' } });
    return `${await metricsOf('nutrition_score')} / latest ${latest.json.data.map((d: { metric: string }) => d.metric).join(',')}`;
  },
  'GEN-FUZZ': async (mock) => {
    const res = await call(mock, 'listSleep', { token: SANDBOX_KEY, pathParams: { user_id: userIds(mock)[0]! }, query: { page: 50 } });
    return res.status === 200 ? `200 ${res.json.data.length} items` : String(res.status);
  },
  'GEN-REQEXAMPLES': async (mock) => {
    const today = new Date(mock.clock.now()).toISOString().slice(0, 10);
    const res = await call(mock, 'listWorkouts', { token: SANDBOX_KEY, pathParams: { user_id: userIds(mock)[0]! }, query: { start_date: today, end_date: today } });
    return String(res.status);
  },
  'GEN-STATEFUL': async (mock) => {
    const created = await call(mock, 'createUser', { token: SANDBOX_KEY, json: { reference_id: 'probe-stateful', timezone: 'Europe/Berlin' } });
    const user = { token: SANDBOX_KEY, pathParams: { user_id: created.json.data.id } };
    await call(mock, 'updateUser', { ...user, json: { timezone: 'America/New_York' } });
    const read = await call(mock, 'getUser', user);
    await call(mock, 'deleteUser', user);
    const gone = await call(mock, 'getUser', user);
    return `${read.json.data.timezone} ${gone.status}`;
  },
};

/** What every probe gives when no fault is on. */
export const EXPECTED: Record<string, string> = {
  'SON-ENV-1': '201 ready 7,7,7,1 deleted-device:0,0,0',
  'SON-ENV-2': '201 calibrating 0,0,0,0 sandbox-sees:404 not_found',
  'SON-ENV-3': '401 invalid_token/401 invalid_token',
  'SON-TOK-1': '200 expires_at,token,user_id 3600 200',
  'SON-TOK-2': '401 token_expired',
  'SON-TOK-3': '200 later new 200',
  'SON-TOK-4': 'mt_ 5min/mt_ 5min',
  'SON-TOK-5': '200/401 invalid_token/401 invalid_token',
  'SON-TOK-6': '401 invalid_token/401 invalid_token',
  'SON-TOK-7': '401 invalid_token/200/401 token_expired',
  'SON-SCP-1': '200/200/200/200/200/200',
  'SON-SCP-2': '403 wrong_user/403 wrong_user',
  'SON-SCP-3': '403 insufficient_scope/403 insufficient_scope/403 insufficient_scope/403 insufficient_scope',
  'SON-ERR-1': 'every error shaped',
  'SON-ERR-2': '404 not_found/404 not_found/404 not_found',
  'SON-PAGE-1': '2:{"page":1,"per_page":2,"total":3} 1:{"page":2,"per_page":2,"total":3} 400 invalid_request filter:sandbox-customer-0002',
  'GEN-SCHEMA': 'valid',
  'GEN-AUTH': '401 shaped/401 shaped/401 shaped',
  'GEN-BOUNDARY': '200 nutrition_score / latest recovery_score',
  'GEN-FUZZ': '200 0 items',
  'GEN-REQEXAMPLES': '200',
  'GEN-STATEFUL': 'America/New_York 404',
};
