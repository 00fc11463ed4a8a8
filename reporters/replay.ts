/**
 * Reproduce in one line: a curl command for a captured exchange, and the command that runs a test again. Exchanges
 * are redacted at capture; every `[REDACTED]` becomes a shell variable named after the credential it stood for (the
 * capture records `request.secrets`: `header:x-api-key` -> `SONAR_API_KEY`), so a reader sets the variable and
 * replays, and no value is ever written. A secret without a recorded name is named after the provider and its place
 * (`$SAHHA_AUTHORIZATION`). Pure functions.
 */
import { MINTED, REDACTED, variableNameOf } from '../src/http/redact';
import type { Exchange } from '../src/http/types';

type Part = string | { variable: string };

/** One shell word: literal runs in single quotes, variables in double quotes ("$NAME"), joined without spaces. */
export function shellWord(parts: Part[]): string {
  const out: string[] = [];
  for (const p of parts) {
    if (typeof p === 'string') {
      if (p !== '') out.push(`'${p.replace(/'/g, `'\\''`)}'`);
    } else out.push(`"$${p.variable}"`);
  }
  return out.length ? out.join('') : "''";
}

/** Splits a text at each `[REDACTED]`, naming each occurrence with `nameAt(textBefore)`. */
function withVariables(text: string, nameAt: (before: string) => string): Part[] {
  const parts: Part[] = [];
  let at = 0;
  for (let i = text.indexOf(REDACTED); i >= 0; i = text.indexOf(REDACTED, at)) {
    parts.push(text.slice(at, i), { variable: nameAt(text.slice(0, i)) });
    at = i + REDACTED.length;
  }
  parts.push(text.slice(at));
  return parts;
}

/** A variable name for a secret: the recorded one (prefixed with the provider when it is a minted token's), else one from its place. */
function variableFor(provider: string, recorded: string | undefined, place: string): string {
  const prefix = `${provider.toUpperCase()}_`;
  // A configured credential keeps its variable; a minted token (MINTED) and an unnamed secret get the provider's prefix.
  if (recorded && !recorded.startsWith(MINTED)) return recorded;
  const name = recorded ? recorded.slice(MINTED.length) : variableNameOf(place);
  return name.startsWith(prefix) ? name : `${prefix}${name}`;
}

/** Headers curl sets itself, or that describe the connection rather than the request. */
const SKIPPED_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'accept-encoding']);

/** The curl command that sends the exchange's request again, with its secrets as shell variables. */
export function curlOf(e: Exchange, provider: string): string {
  const secrets = e.request.secrets ?? {};
  const words = ['curl', '-sS', '-i'];
  const method = e.request.method.toUpperCase();
  if (method && method !== 'GET') words.push('-X', method);
  words.push(
    shellWord(
      withVariables(e.request.url, (before) => {
        const key = decodeURIComponent(/[?&#]([^=&#?]+)=$/.exec(before)?.[1] ?? 'url');
        return variableFor(provider, secrets[`query:${key}`], key);
      }),
    ),
  );
  for (const [name, value] of Object.entries(e.request.headers)) {
    if (SKIPPED_HEADERS.has(name.toLowerCase())) continue;
    words.push('-H', shellWord(withVariables(`${name}: ${value}`, () => variableFor(provider, secrets[`header:${name.toLowerCase()}`], name))));
  }
  if (e.request.body !== undefined && e.request.body !== '') {
    const body = withVariables(e.request.body, (before) => {
      const key = /"((?:[^"\\]|\\.)*)"\s*:\s*"$/.exec(before)?.[1] ?? /(?:^|&)([^=&]+)=$/.exec(before)?.[1] ?? 'body';
      return variableFor(provider, secrets[`body:${key}`], key);
    });
    words.push('--data-raw', shellWord(body));
  }
  return words.join(' ');
}

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;

/** The command that runs one test again: its title as a --grep (regex-escaped, shell-quoted). */
export function rerunCommand(provider: string, target: string, title: string): string {
  const grep = title.replace(REGEX_SPECIAL, '\\$&');
  return ['npx conformance run', `--provider ${provider}`, ...(target && target !== 'mock' ? [`--target ${target}`] : []), `--grep ${shellWord([grep])}`].join(' ');
}
