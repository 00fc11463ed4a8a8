/** The run's HAR file: HAR 1.2's required fields on every entry (validated with a JSON Schema of the format), and redacted content only. */
import { expect, test } from '@playwright/test';
import Ajv2020 from 'ajv/dist/2020';
import { renderHar } from '../../../reporters/har';
import type { Exchange } from '../../../src/http/types';
import { collected } from './helpers';

const nameValues = { type: 'array', items: { type: 'object', required: ['name', 'value'], properties: { name: { type: 'string' }, value: { type: 'string' } } } };
/** HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/): the objects and fields the format marks required. */
const HAR_12 = {
  type: 'object',
  required: ['log'],
  properties: {
    log: {
      type: 'object',
      required: ['version', 'creator', 'entries'],
      properties: {
        version: { const: '1.2' },
        creator: { type: 'object', required: ['name', 'version'], properties: { name: { type: 'string' }, version: { type: 'string' } } },
        pages: { type: 'array' },
        entries: {
          type: 'array',
          items: {
            type: 'object',
            required: ['startedDateTime', 'time', 'request', 'response', 'cache', 'timings'],
            properties: {
              startedDateTime: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$' },
              time: { type: 'number', minimum: 0 },
              request: {
                type: 'object',
                required: ['method', 'url', 'httpVersion', 'cookies', 'headers', 'queryString', 'headersSize', 'bodySize'],
                properties: {
                  method: { type: 'string' },
                  url: { type: 'string' },
                  httpVersion: { type: 'string' },
                  cookies: { type: 'array' },
                  headers: nameValues,
                  queryString: nameValues,
                  postData: { type: 'object', required: ['mimeType', 'text'] },
                  headersSize: { type: 'integer' },
                  bodySize: { type: 'integer' },
                },
              },
              response: {
                type: 'object',
                required: ['status', 'statusText', 'httpVersion', 'cookies', 'headers', 'content', 'redirectURL', 'headersSize', 'bodySize'],
                properties: {
                  status: { type: 'integer' },
                  statusText: { type: 'string' },
                  headers: nameValues,
                  content: { type: 'object', required: ['size', 'mimeType'], properties: { size: { type: 'integer' }, mimeType: { type: 'string' }, text: { type: 'string' } } },
                  redirectURL: { type: 'string' },
                  headersSize: { type: 'integer' },
                  bodySize: { type: 'integer' },
                },
              },
              cache: { type: 'object' },
              timings: { type: 'object', required: ['send', 'wait', 'receive'], properties: { send: { type: 'number' }, wait: { type: 'number' }, receive: { type: 'number' } } },
            },
          },
        },
      },
    },
  },
};

const answered: Exchange = {
  id: 'e1',
  label: 'list users',
  request: { method: 'GET', url: 'http://127.0.0.1:4020/v1/users?page=2&token=[REDACTED]', headers: { authorization: 'Bearer [REDACTED]' } },
  response: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"data":[]}' },
  startedAt: '2025-06-01T10:00:01.000Z',
  durationMs: 12,
  attempts: [{ attempt: 1, startedAt: '2025-06-01T10:00:01.000Z', durationMs: 12, status: 200 }],
};
const unanswered: Exchange = {
  id: 'e2',
  request: { method: 'POST', url: 'http://127.0.0.1:4020/v1/users', headers: { 'content-type': 'application/json' }, body: '{"reference_id":"r1"}' },
  error: { code: 'REQUEST_TIMEOUT', message: 'no answer within 10000 ms' },
  startedAt: '2025-06-01T10:00:00.000Z',
  durationMs: 10000,
  attempts: [],
};

test('the HAR of a run has every exchange as an entry with HAR 1.2 required fields, in start order, the test named in each comment', () => {
  const tests = [collected('sonar', 'SON-PAGE-1 pages', 'failed', { exchanges: [answered] }), collected('sonar', 'SON-TOK-1 token', 'passed', { exchanges: [unanswered] })];
  const har = renderHar(tests, { name: 'health-api-conformance', version: '0.1.0' }, '2025-06-01T10:00:00.000Z');
  const validate = new Ajv2020({ allErrors: true }).compile(HAR_12);
  expect(validate(har), JSON.stringify(validate.errors)).toBe(true);
  expect(har.log.entries.map((e) => e.request.url)).toEqual([unanswered.request.url, answered.request.url]);
  const [timedOut, listed] = har.log.entries;
  expect(listed!.request.queryString).toEqual([{ name: 'page', value: '2' }, { name: 'token', value: '[REDACTED]' }]);
  expect(listed!.response.content).toEqual({ size: 11, mimeType: 'application/json', text: '{"data":[]}' });
  expect(listed!.comment).toBe('[sonar] SON-PAGE-1 pages · list users');
  expect(timedOut!.request.postData).toEqual({ mimeType: 'application/json', text: '{"reference_id":"r1"}' });
  expect(timedOut!.response).toMatchObject({ status: 0, _error: { code: 'REQUEST_TIMEOUT' } });
  // The validator is not vacuous: an entry without timings is refused.
  const broken = structuredClone(har) as unknown as { log: { entries: Record<string, unknown>[] } };
  delete broken.log.entries[0]!.timings;
  expect(validate(broken)).toBe(false);
});
