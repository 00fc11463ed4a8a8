/**
 * Redaction: a small set of pure rules (which header, JSON key or query key holds a secret) and one class that
 * also remembers the secret values of the run (credentials, tokens minted on the way) and removes them wherever
 * they appear. One replacement string, `[REDACTED]`.
 *
 * Rules, decided here:
 * - A header is secret when its name is in SECRET_HEADERS or contains a marker of HEADER_MARKERS. `AppId` is not
 *   secret. `Authorization` keeps its scheme word (`account [REDACTED]`) so a reader sees which scheme was sent.
 * - A JSON or query key is secret when its normalised name (lower case, without `_`, `-`, `.`) is in SECRET_KEYS,
 *   or contains a marker of KEY_MARKERS and does not end with a word that describes a secret instead of holding
 *   one (DESCRIPTIVE_SUFFIXES: `tokenType`, `token_expires_at`, `key_id`...). Only string values are replaced
 *   (directly or inside an array): numbers and booleans are never secrets, and objects are walked key by key.
 * - A known secret (shorter than MIN_SECRET_LENGTH is ignored) is replaced raw, JSON-escaped, URL-encoded
 *   (component and form style) and base64-encoded (standard, unpadded, url-safe), anywhere in a text.
 * - A URL loses its userinfo always, and the values of its secret query keys.
 * - A secret may carry a name (the environment variable it came from, `SONAR_API_KEY`; for a minted token, the JSON key
 *   it came in, `*ACCOUNT_TOKEN`, which a replay names `$SAHHA_ACCOUNT_TOKEN`): the capture records which header, query key or body key held which named secret, so
 *   that a replay command can name the variable instead of the value.
 * - Health data (optional, `setHealthMask`): a mask derived from the spec's `x-health-data` marks (src/health-data.ts)
 *   replaces marked values in JSON bodies with typed placeholders (`<number>`, `<date-time>`, `<string>`) before
 *   anything is recorded; the string values it hid are then replaced in every text too (URLs, labels, messages) by
 *   HEALTH_PLACEHOLDER, in the same encoded forms as secrets. The HTTP layer knows no spec: it only calls the mask.
 */
import type { CapturedAttempt, Exchange } from './types';

export const REDACTED = '[REDACTED]';
const MIN_SECRET_LENGTH = 6;
/** What a hidden health value becomes in a text outside a JSON body (URL path, label, message). */
export const HEALTH_PLACEHOLDER = '<string>';

/** Where a body travels, for the health mask to find its schema. */
export interface BodyContext {
  direction: 'request' | 'response';
  method: string;
  url: string;
  status?: number;
  contentType?: string;
}

/**
 * Replaces the health values of a parsed JSON body with placeholders: returns the masked copy and the string values it
 * hid, or undefined when nothing in it is health data.
 */
export interface HealthMask {
  body(json: unknown, context: BodyContext): { value: unknown; hidden: string[] } | undefined;
  /** The URL with the health values of its query and path parameters replaced; undefined when it holds none. */
  url(url: string, method: string): { url: string; hidden: string[] } | undefined;
}

/** Marks the name of a minted token (from its JSON key), which a replay command prefixes with the provider. */
export const MINTED = '*';

/** "accountToken" -> "ACCOUNT_TOKEN", "refresh-token" -> "REFRESH_TOKEN": a minted token's name from its JSON key. */
export function variableNameOf(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}

const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'api-key',
  'appsecret',
  'cookie',
  'set-cookie',
  'x-synheart-signature',
]);
const HEADER_MARKERS = ['token', 'secret', 'signature', 'api-key', 'apikey', 'password'];
const SCHEME_HEADERS = new Set(['authorization', 'proxy-authorization']);
const URL_HEADERS = new Set(['location', 'content-location', 'referer']);

const SECRET_KEYS = new Set([
  'clientsecret',
  'refreshtoken',
  'accounttoken',
  'profiletoken',
  'token',
  'secret',
  'secretkey',
  'signingsecret',
  'accesstoken',
  'idtoken',
  'devicecode',
  'password',
  'appsecret',
  'apikey',
  'privatekey',
]);
const KEY_MARKERS = ['token', 'secret', 'password', 'signature', 'apikey'];
const DESCRIPTIVE_SUFFIXES = ['type', 'hint', 'expiresin', 'expiresat', 'expiry', 'ttl', 'id', 'scope', 'scopes'];

const normaliseKey = (key: string): string => key.toLowerCase().replace(/[-_.]/g, '');

/** Whether a header of this name carries a secret. */
export function isSecretHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return SECRET_HEADERS.has(lower) || HEADER_MARKERS.some((m) => lower.includes(m));
}

/** Whether a JSON property or query parameter of this name holds a secret. */
export function isSecretKey(key: string): boolean {
  const n = normaliseKey(key);
  if (SECRET_KEYS.has(n)) return true;
  return KEY_MARKERS.some((m) => n.includes(m)) && !DESCRIPTIVE_SUFFIXES.some((s) => n.endsWith(s));
}

/**
 * A value shown to a human: at most its prefix (up to the last `_` within the first 12 characters, e.g.
 * `sk_sandbox_`) and its last 4 characters. Values shorter than 12 characters show nothing.
 */
export function mask(value: string): string {
  if (value.length < 12) return REDACTED;
  const prefixEnd = value.slice(0, 12).lastIndexOf('_') + 1;
  const hiddenWithPrefix = value.length - prefixEnd - 4;
  const prefix = hiddenWithPrefix >= 4 ? value.slice(0, prefixEnd) : '';
  return `${prefix}…${value.slice(-4)}`;
}

/** The forms a secret takes in a captured text. */
function encodedForms(secret: string): string[] {
  const base64 = Buffer.from(secret, 'utf8').toString('base64');
  return [
    secret,
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret),
    new URLSearchParams({ v: secret }).toString().slice(2),
    base64,
    base64.replace(/=+$/, ''),
    Buffer.from(secret, 'utf8').toString('base64url'),
  ];
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `Bearer abc` -> `Bearer [REDACTED]`; a value without a scheme word is replaced whole. */
function redactCredential(value: string): string {
  const scheme = /^([A-Za-z]{1,20}) +\S/.exec(value);
  return scheme ? `${scheme[1]} ${REDACTED}` : REDACTED;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** `a=1&token=x` -> `a=1&token=[REDACTED]`: the raw pieces are kept, only secret values are replaced. */
function redactQueryString(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0 || !isSecretKey(safeDecode(pair.slice(0, eq)))) return pair;
      return `${pair.slice(0, eq)}=${REDACTED}`;
    })
    .join('&');
}

function parseJsonText(text: string): { value: unknown } | undefined {
  if (!/^\s*[[{]/.test(text)) return undefined;
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** Calls `visit` with every string value held by a secret key (directly or in an array) in a parsed JSON value, and the key. */
export function forEachSecretValue(value: unknown, visit: (secret: string, key: string) => void, secretKey: string | false = false): void {
  if (typeof value === 'string') {
    if (secretKey !== false) visit(value, secretKey);
  } else if (Array.isArray(value)) {
    for (const item of value) forEachSecretValue(item, visit, secretKey);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) forEachSecretValue(v, visit, isSecretKey(k) ? k : false);
  }
}

export class Redactor {
  private readonly secrets = new Set<string>();
  private readonly names = new Map<string, string>();
  private pattern: RegExp | undefined;
  private healthMask: HealthMask | undefined;
  private readonly healthValues = new Set<string>();
  private healthPattern: RegExp | undefined;

  /**
   * Remembers a secret value: from now on it is replaced in every text, in any of its encoded forms. `name` is the
   * environment variable it came from (or what a minted token is called), shown by replay commands instead of it.
   */
  addSecret(value: string | undefined | null, name?: string): void {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return;
    if (name && !this.names.has(value)) this.names.set(value, name);
    if (this.secrets.has(value)) return;
    this.secrets.add(value);
    this.pattern = undefined;
  }

  /** The name a secret was registered with (its environment variable), when it is a known secret with one. */
  nameOf(value: string): string | undefined {
    return this.names.get(value);
  }

  /** Health data on or off: a mask (from the spec's marks) hides health values at capture; undefined shows them. */
  setHealthMask(mask: HealthMask | undefined): void {
    this.healthMask = mask;
  }

  get hidesHealthData(): boolean {
    return this.healthMask !== undefined;
  }

  /**
   * A body with its health values replaced by placeholders, when a mask is set and the body is JSON; the hidden string
   * values are remembered and replaced in every later text. Call before redactBody, on the body as received.
   */
  maskHealth(text: string, context: BodyContext): string {
    if (!this.healthMask) return text;
    const parsed = parseJsonText(text);
    if (!parsed) return text;
    const masked = this.healthMask.body(parsed.value, context);
    if (!masked) return text;
    for (const v of masked.hidden) this.addHealthValue(v);
    return JSON.stringify(masked.value);
  }

  /** A request URL with the health values of its parameters replaced (remembered for every later text too). */
  maskHealthUrl(url: string, method: string): string {
    const masked = this.healthMask?.url(url, method);
    if (!masked) return url;
    for (const v of masked.hidden) this.addHealthValue(v);
    return masked.url;
  }

  /** Remembers a health value: replaced by HEALTH_PLACEHOLDER in every text (too short ones are left to the JSON mask). */
  addHealthValue(value: string): void {
    if (value.length < MIN_SECRET_LENGTH || this.healthValues.has(value)) return;
    this.healthValues.add(value);
    this.healthPattern = undefined;
  }

  /** The secret values known so far (to pass on with a value another process will use: the run store). */
  knownSecrets(): string[] {
    return [...this.secrets];
  }

  /** Registers every secret-keyed string of a parsed JSON response (tokens minted during the run), named after its key. */
  learnFrom(json: unknown): void {
    forEachSecretValue(json, (secret, key) => this.addSecret(secret, `${MINTED}${variableNameOf(key)}`));
  }

  mask(value: string): string {
    return mask(value);
  }

  /** Replaces every known secret, in any of its encoded forms (and every hidden health value, when health data is hidden). */
  redactText(text: string): string {
    const pattern = this.knownSecretsPattern();
    const out = pattern ? text.replace(pattern, REDACTED) : text;
    const health = this.knownHealthPattern();
    return health ? out.replace(health, HEALTH_PLACEHOLDER) : out;
  }

  redactHeaders(headers: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, this.redactHeader(name, value)]));
  }

  private redactHeader(name: string, value: string): string {
    const lower = name.toLowerCase();
    if (SCHEME_HEADERS.has(lower)) return redactCredential(value);
    if (isSecretHeader(lower)) return REDACTED;
    if (URL_HEADERS.has(lower)) return this.redactUrl(value);
    return this.redactText(value);
  }

  /** A copy of a parsed JSON value with secret-keyed strings and known secrets replaced. */
  redactJson(value: unknown): unknown {
    return this.redactJsonValue(value, false);
  }

  /** Userinfo always, the values of secret query (and fragment) keys, and known secrets. Relative URLs too. */
  redactUrl(url: string): string {
    const [, scheme = '', userinfo, rest = '', query, fragment] = /^(?:([a-z][a-z0-9+.-]*:\/\/)([^/?#]*@)?)?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/is.exec(url) ?? [];
    const redacted =
      scheme +
      (userinfo ? `${REDACTED}@` : '') +
      rest +
      (query !== undefined ? `?${redactQueryString(query)}` : '') +
      (fragment !== undefined ? `#${redactQueryString(fragment)}` : '');
    return this.redactText(redacted);
  }

  /**
   * A request or response body as text. JSON is redacted by key (and re-serialised only when a key was hit, so
   * an untouched body keeps its exact bytes); a form body by key; any body loses its known secrets.
   */
  redactBody(text: string, contentType = ''): string {
    if (/x-www-form-urlencoded/i.test(contentType)) return this.redactText(redactQueryString(text));
    const parsed = parseJsonText(text);
    if (!parsed) return this.redactText(text);
    const redacted = this.redactJson(parsed.value);
    const keyHit = JSON.stringify(redacted) !== JSON.stringify(parsed.value);
    return this.redactText(keyHit ? JSON.stringify(redacted) : text);
  }

  /** A redacted copy of an exchange, with the secrets known now (safe to run again on a redacted exchange). */
  redactExchange(exchange: Exchange): Exchange {
    const { request, response } = exchange;
    return {
      ...exchange,
      label: exchange.label === undefined ? undefined : this.redactText(exchange.label),
      request: { ...request, url: this.redactUrl(request.url), ...this.redactMessage(request) },
      response: response && { ...response, ...this.redactMessage(response) },
      error: exchange.error && this.redactError(exchange.error),
      attempts: exchange.attempts.map((a) => this.redactAttempt(a)),
    };
  }

  private redactJsonValue(value: unknown, secretKey: boolean): unknown {
    if (typeof value === 'string') return secretKey && value !== '' ? REDACTED : this.redactText(value);
    if (Array.isArray(value)) return value.map((item) => this.redactJsonValue(item, secretKey));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.redactText(k), this.redactJsonValue(v, isSecretKey(k))]));
    }
    return value;
  }

  private redactMessage(message: { headers: Record<string, string>; body?: string }): { headers: Record<string, string>; body?: string } {
    const contentType = Object.entries(message.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
    return {
      headers: this.redactHeaders(message.headers),
      body: message.body === undefined ? undefined : this.redactBody(message.body, contentType),
    };
  }

  private redactError(error: { code: string; message: string }): { code: string; message: string } {
    return { code: error.code, message: this.redactText(error.message) };
  }

  private redactAttempt(attempt: CapturedAttempt): CapturedAttempt {
    return {
      ...attempt,
      retryReason: attempt.retryReason === undefined ? undefined : this.redactText(attempt.retryReason),
      error: attempt.error && this.redactError(attempt.error),
    };
  }

  private knownHealthPattern(): RegExp | undefined {
    if (this.healthPattern || this.healthValues.size === 0) return this.healthPattern;
    const forms = new Set([...this.healthValues].flatMap(encodedForms).filter((f) => f.length >= MIN_SECRET_LENGTH));
    this.healthPattern = new RegExp([...forms].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
    return this.healthPattern;
  }

  private knownSecretsPattern(): RegExp | undefined {
    if (this.pattern || this.secrets.size === 0) return this.pattern;
    const forms = new Set([...this.secrets].flatMap(encodedForms).filter((f) => f.length >= MIN_SECRET_LENGTH));
    const longestFirst = [...forms].sort((a, b) => b.length - a.length);
    this.pattern = new RegExp(longestFirst.map(escapeRegExp).join('|'), 'g');
    return this.pattern;
  }
}

/** The process-wide redactor: credentials and tokens registered anywhere are redacted everywhere. */
export const defaultRedactor = new Redactor();
