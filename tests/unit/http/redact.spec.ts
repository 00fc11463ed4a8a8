/** Redaction: header names, JSON keys and markers, known values in every encoding, URLs, masking and learning. */
import { expect, test } from '@playwright/test';
import { isSecretHeader, isSecretKey, mask, REDACTED, Redactor } from '../../../src/http';
import type { Exchange } from '../../../src/http';

const SECRET = 'mock-client-secret-0001';
const TOKEN = 'mock-account token/+?=&"!0002';

function redactorKnowing(...secrets: string[]): Redactor {
  const redactor = new Redactor();
  for (const s of secrets) redactor.addSecret(s);
  return redactor;
}

test.describe('headers', () => {
  test('secret headers are replaced by name and by marker, whatever their case', () => {
    const headers = redactorKnowing().redactHeaders({
      'X-Api-Key': 'sk_sandbox_mock_0001',
      AppSecret: 'mock-app-secret',
      Cookie: 'session=mock-session',
      'Set-Cookie': 'session=mock-session; HttpOnly',
      'X-Synheart-Signature': 'mock-signature-hex',
      'X-CSRF-Token': 'mock-csrf',
      'X-Client-Secret': 'mock-secret',
      'X-Password': 'mock-password',
    });
    expect(Object.values(headers)).toEqual(Array(8).fill(REDACTED));
  });

  test('Authorization keeps its scheme word and loses its credential', () => {
    const redactor = redactorKnowing();
    expect(redactor.redactHeaders({ authorization: 'account mock-account-token', 'Proxy-Authorization': 'Basic bW9jazptb2Nr' })).toEqual({
      authorization: `account ${REDACTED}`,
      'Proxy-Authorization': `Basic ${REDACTED}`,
    });
    expect(redactor.redactHeaders({ authorization: 'mock-token-without-scheme' })).toEqual({ authorization: REDACTED });
    expect(redactor.redactHeaders({ authorization: `account ${REDACTED}` })).toEqual({ authorization: `account ${REDACTED}` });
  });

  test('ordinary headers and AppId are kept, except for known secrets inside them', () => {
    const headers = redactorKnowing(SECRET).redactHeaders({
      'content-length': '42',
      'content-type': 'application/json',
      AppId: 'mock-app-id',
      'x-synheart-timestamp': '1700000000',
      'x-echo': `value ${SECRET}`,
      location: 'https://api.example.test/cb?access_token=mock-access-token&state=s1',
    });
    expect(headers).toEqual({
      'content-length': '42',
      'content-type': 'application/json',
      AppId: 'mock-app-id',
      'x-synheart-timestamp': '1700000000',
      'x-echo': `value ${REDACTED}`,
      location: `https://api.example.test/cb?access_token=${REDACTED}&state=s1`,
    });
  });

  test('the header rule hits markers only, not headers that merely contain "key" or "content"', () => {
    expect(['content-length', 'keep-alive', 'x-idempotency-key', 'appid', 'x-synheart-nonce'].filter(isSecretHeader)).toEqual([]);
    expect(['x-api-key', 'api-key', 'x-apikey', 'x-refresh-token', 'x-webhook-signature'].every(isSecretHeader)).toBe(true);
  });
});

test.describe('JSON bodies', () => {
  test('secret keys are replaced by exact name and by marker, at any depth and in arrays', () => {
    const body = {
      clientId: 'mock-client-id',
      clientSecret: 'mock-client-secret',
      profile: { refreshToken: 'mock-refresh', device_code: 'mock-device-code', nested: [{ webhook_signing_secret: 'mock-signing' }] },
      customApiKey: 'mock-custom-key',
      backup_tokens: ['mock-backup-1', 'mock-backup-2'],
      password: 'mock-password',
    };
    expect(redactorKnowing().redactJson(body)).toEqual({
      clientId: 'mock-client-id',
      clientSecret: REDACTED,
      profile: { refreshToken: REDACTED, device_code: REDACTED, nested: [{ webhook_signing_secret: REDACTED }] },
      customApiKey: REDACTED,
      backup_tokens: [REDACTED, REDACTED],
      password: REDACTED,
    });
  });

  test('keys that describe a token (type, expiry, id, scopes) and non-string values are kept', () => {
    const body = { tokenType: 'Profile', token_type: 'bearer', expiresIn: 86400, token_expires_at: '2030-01-01T00:00:00Z', key_id: 'key_mock_01', token_scopes: ['read'], secretRotated: true, signature: { algorithm: 'ed25519', key_id: 'k1', value: 'mock-sig' } };
    expect(redactorKnowing().redactJson(body)).toEqual(body);
    expect(['tokenType', 'token_type', 'expiresIn', 'expires_at', 'key_id', 'user_code', 'code'].filter(isSecretKey)).toEqual([]);
  });

  test('a body without a secret key keeps its exact bytes; one with a secret key is re-serialised', () => {
    const redactor = redactorKnowing();
    const untouched = '{ "score": 1.0,  "state": "ok" }';
    expect(redactor.redactBody(untouched, 'application/json')).toBe(untouched);
    expect(JSON.parse(redactor.redactBody('{"accessToken": "mock-access", "n": 1}'))).toEqual({ accessToken: REDACTED, n: 1 });
  });

  test('a form body is redacted by key, and a body that is not JSON only loses known secrets', () => {
    const redactor = redactorKnowing(SECRET);
    expect(redactor.redactBody('grant_type=device_code&device_code=mock-dc&client_id=c1', 'application/x-www-form-urlencoded')).toBe(`grant_type=device_code&device_code=${REDACTED}&client_id=c1`);
    expect(redactor.redactBody(`plain text with ${SECRET} inside`, 'text/plain')).toBe(`plain text with ${REDACTED} inside`);
    expect(redactor.redactBody('{not json', 'application/json')).toBe('{not json');
  });
});

test.describe('known secret values', () => {
  test('a known secret is replaced raw anywhere in a text', () => {
    expect(redactorKnowing(TOKEN).redactText(`before ${TOKEN} after`)).toBe(`before ${REDACTED} after`);
  });

  const forms: [string, (s: string) => string][] = [
    ['JSON-escaped', (s) => JSON.stringify(s).slice(1, -1)],
    ['URL-encoded', (s) => encodeURIComponent(s)],
    ['form-encoded', (s) => new URLSearchParams({ v: s }).toString().slice(2)],
    ['base64', (s) => Buffer.from(s).toString('base64')],
    ['base64url', (s) => Buffer.from(s).toString('base64url')],
  ];
  for (const [name, encode] of forms) {
    test(`a known secret is replaced in its ${name} form anywhere in a text`, () => {
      const text = `before ${encode(TOKEN)} after`;
      expect(encode(TOKEN), 'the test secret must look different in this form').not.toBe(TOKEN);
      expect(redactorKnowing(TOKEN).redactText(text)).toBe(`before ${REDACTED} after`);
    });
  }

  test('secrets shorter than 6 characters are ignored, and a longer secret wins over one it contains', () => {
    const redactor = redactorKnowing('abc12', 'mock-key', 'mock-key-extended');
    expect(redactor.redactText('abc12 mock-key-extended mock-key')).toBe(`abc12 ${REDACTED} ${REDACTED}`);
  });

  test('a secret added later is redacted from then on', () => {
    const redactor = redactorKnowing();
    expect(redactor.redactText(SECRET)).toBe(SECRET);
    redactor.addSecret(SECRET);
    expect(redactor.redactText(SECRET)).toBe(REDACTED);
  });

  test('known secrets are replaced inside JSON values and keys', () => {
    expect(redactorKnowing(SECRET).redactJson({ note: `was ${SECRET}`, [SECRET]: 1 })).toEqual({ note: `was ${REDACTED}`, [REDACTED]: 1 });
  });
});

test.describe('URLs', () => {
  test('userinfo is always replaced, and the values of secret query keys', () => {
    const redactor = redactorKnowing();
    expect(redactor.redactUrl('https://user:pass@api.example.test/v1/x?api_key=mock-key&limit=5&token=t1&tokenType=bearer#access_token=mock-at&x=1')).toBe(
      `https://${REDACTED}@api.example.test/v1/x?api_key=${REDACTED}&limit=5&token=${REDACTED}&tokenType=bearer#access_token=${REDACTED}&x=1`,
    );
    expect(redactor.redactUrl('http://127.0.0.1:8080/plain?a=1&a=2')).toBe('http://127.0.0.1:8080/plain?a=1&a=2');
  });

  test('a known secret in a path segment or an encoded query value is replaced', () => {
    const redactor = redactorKnowing(TOKEN);
    expect(redactor.redactUrl(`http://127.0.0.1/tokens/${encodeURIComponent(TOKEN)}?q=${encodeURIComponent(TOKEN)}`)).toBe(`http://127.0.0.1/tokens/${REDACTED}?q=${REDACTED}`);
  });
});

test.describe('mask', () => {
  test('shows at most the prefix up to the last underscore in the first 12 characters and the last 4 characters', () => {
    expect(mask('sk_sandbox_mock_0001')).toBe('sk_sandbox_…0001');
    expect(mask('mt_mock_mobile_token_9876')).toBe('mt_mock_…9876');
    expect(mask('mock-client-secret-0001')).toBe('…0001');
    expect(redactorKnowing().mask('sk_sandbox_mock_0001')).toBe('sk_sandbox_…0001');
  });

  test('short values show nothing, and the prefix is dropped when too little would stay hidden', () => {
    expect(mask('mock-secret')).toBe(REDACTED);
    expect(mask('sk_sandbox_12')).toBe('…x_12');
  });
});

test.describe('learnFrom', () => {
  test('registers every secret-keyed string of a response, so a minted token is redacted everywhere afterwards', () => {
    const redactor = new Redactor();
    redactor.learnFrom({ profileToken: 'mock-profile-token-0003', refreshToken: 'mock-refresh-token-0004', tokenType: 'Profile', expiresIn: 86400, user: { id: 'user-0001' } });
    expect(redactor.redactText('a mock-profile-token-0003 b mock-refresh-token-0004 c Profile user-0001')).toBe(`a ${REDACTED} b ${REDACTED} c Profile user-0001`);
    expect(redactor.redactText(Buffer.from('mock-profile-token-0003').toString('base64'))).toBe(REDACTED);
  });
});

test('redactExchange redacts every part of an exchange and is idempotent', () => {
  const redactor = redactorKnowing(SECRET);
  const exchange: Exchange = {
    id: 'x1',
    label: `mint with ${SECRET}`,
    request: { method: 'POST', url: `http://127.0.0.1/t?secret=${SECRET}`, headers: { 'content-type': 'application/json', 'x-api-key': 'k' }, body: `{"clientSecret":"${SECRET}","clientId":"c1"}` },
    response: { status: 200, headers: { 'content-type': 'application/json', 'x-note': SECRET }, body: '{"accountToken":"mock-minted-0005"}' },
    error: { code: 'X', message: `failed with ${SECRET}` },
    startedAt: '2030-01-01T00:00:00.000Z',
    durationMs: 1,
    attempts: [{ attempt: 1, startedAt: '2030-01-01T00:00:00.000Z', durationMs: 1, retryReason: `echo ${SECRET}`, error: { code: 'E', message: SECRET } }],
  };
  const once = redactor.redactExchange(exchange);
  expect(JSON.stringify(once)).not.toContain(SECRET);
  expect(once.request).toEqual({ method: 'POST', url: `http://127.0.0.1/t?secret=${REDACTED}`, headers: { 'content-type': 'application/json', 'x-api-key': REDACTED }, body: `{"clientSecret":"${REDACTED}","clientId":"c1"}` });
  expect(JSON.parse(once.response!.body!)).toEqual({ accountToken: REDACTED });
  expect(once.attempts[0]).toMatchObject({ retryReason: `echo ${REDACTED}`, error: { code: 'E', message: REDACTED } });
  expect(redactor.redactExchange(once)).toEqual(once);
});
