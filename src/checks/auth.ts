/**
 * GEN-AUTH: the requests a secured operation must reject, derived from its security requirements (one handler
 * per security scheme type, in a lookup table), and the check that the rejection is a 401 in the error shape.
 */
import { findResponse, resolveRef, type OperationInfo, type Spec } from '../openapi';
import { isObj, type Obj } from './schema-facts';
import { failure } from './failure';
import { bodyFailures } from './response';
import type { AuthProbe, CheckContext, CheckFailure, CredentialProbe } from './types';

/** Obviously fake and structurally wrong: never a realistic token. */
export const MALFORMED_CREDENTIAL = 'mock-malformed-credential';

/** Where a scheme's credential travels, and the malformed value a probe sends there. */
interface CredentialSlot {
  in: 'header' | 'query' | 'cookie';
  name: string;
  malformed: string;
}

const authorizationSlot = (word: string): CredentialSlot => ({ in: 'header', name: 'Authorization', malformed: `${word} ${MALFORMED_CREDENTIAL}` });
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();

const SCHEME_HANDLERS: Record<string, (scheme: Obj) => CredentialSlot | undefined> = {
  apiKey: (s) => {
    if ((s.in !== 'header' && s.in !== 'query' && s.in !== 'cookie') || typeof s.name !== 'string') return undefined;
    // `x-scheme-word`: the word the provider expects before the token ("Authorization: account <token>").
    const word = s['x-scheme-word'];
    return { in: s.in, name: s.name, malformed: typeof word === 'string' ? `${word} ${MALFORMED_CREDENTIAL}` : MALFORMED_CREDENTIAL };
  },
  http: (s) => authorizationSlot(capitalise(typeof s.scheme === 'string' ? s.scheme : 'bearer')),
  oauth2: () => authorizationSlot('Bearer'),
  openIdConnect: () => authorizationSlot('Bearer'),
};

function slotOf(spec: Spec, schemeName: string): CredentialSlot | undefined {
  const scheme = resolveRef<unknown>(spec.document, spec.document.components?.securitySchemes?.[schemeName]);
  if (!isObj(scheme) || typeof scheme.type !== 'string') return undefined;
  return SCHEME_HANDLERS[scheme.type]?.(scheme);
}

const headerName = (slot: CredentialSlot) => (slot.in === 'cookie' ? 'Cookie' : slot.name);
const describeSlot = (slot: CredentialSlot) => `${slot.in} ${slot.name}`;

function removing(slots: CredentialSlot[]): Pick<AuthProbe, 'removeHeaders' | 'removeQuery'> {
  const removeHeaders = [...new Set(slots.filter((s) => s.in !== 'query').map(headerName))];
  const removeQuery = [...new Set(slots.filter((s) => s.in === 'query').map((s) => s.name))];
  return { removeHeaders, removeQuery };
}

function setting(slot: CredentialSlot): Pick<AuthProbe, 'setHeaders' | 'setQuery'> {
  if (slot.in === 'query') return { setHeaders: {}, setQuery: { [slot.name]: slot.malformed } };
  const value = slot.in === 'cookie' ? `${slot.name}=${slot.malformed}` : slot.malformed;
  return { setHeaders: { [headerName(slot)]: value }, setQuery: {} };
}

/** Schemes that are sent together with this one in some alternative ("AppId" with "AppSecret"). */
function companions(op: OperationInfo, scheme: string): Set<string> {
  return new Set(op.security.filter((alt) => alt.some((r) => r.scheme === scheme)).flatMap((alt) => alt.map((r) => r.scheme)));
}

/** "an" before a scheme name that starts with a vowel ("an apiKey credential"), else "a". */
const article = (word: string) => (/^[aeiou]/i.test(word) ? 'an' : 'a');
const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** Where each scheme of the operation's security requirements travels; none when anonymous calls are allowed. */
function ownSlots(spec: Spec, op: OperationInfo): Map<string, CredentialSlot> {
  const slots = new Map<string, CredentialSlot>();
  if (op.security.length === 0 || op.security.some((alt) => alt.length === 0)) return slots;
  for (const { scheme } of op.security.flat()) {
    const slot = slotOf(spec, scheme);
    if (slot) slots.set(scheme, slot);
  }
  return slots;
}

/**
 * The requests an operation must reject: no credentials at all, and per scheme a malformed credential (with the
 * credentials of schemes that are not its companions removed). None for an operation that allows anonymous calls.
 */
export function authProbes(spec: Spec, op: OperationInfo): AuthProbe[] {
  const slots = ownSlots(spec, op);
  if (slots.size === 0) return [];
  const all = [...slots.values()];
  const none: AuthProbe = {
    name: 'no credentials',
    description: `The request carries none of its credentials (${[...new Set(all.map(describeSlot))].join(', ')} removed).`,
    ...removing(all),
    setHeaders: {},
    setQuery: {},
  };
  const malformed = [...slots].map(([scheme, slot]): AuthProbe => {
    const kept = companions(op, scheme);
    return {
      name: `a malformed ${scheme} credential`,
      description: `The ${scheme} credential (${describeSlot(slot)}) is "${slot.malformed}"; credentials of other schemes are removed.`,
      ...removing([...slots].filter(([name]) => !kept.has(name)).map(([, s]) => s)),
      ...setting(slot),
    };
  });
  return [none, ...malformed];
}

/** A probe's request was rejected with 401, and its body has the documented 401 shape. */
export function checkAuthRejected(ctx: CheckContext): CheckFailure[] {
  const resp = findResponse(ctx.op, 401);
  if (ctx.response.status !== 401) {
    return [failure('GEN-AUTH', 'Bad credentials not rejected with 401', { received: String(ctx.response.status), documented: resp ? `401 ${resp.description}`.trim() : '401', pointer: resp?.pointer ?? `${ctx.op.pointer}/responses` })];
  }
  return resp ? bodyFailures(ctx, resp, 'GEN-AUTH') : [];
}

// ---- real credentials that must still be refused ------------------------------------------------------------

const slotKey = (slot: CredentialSlot) => `${slot.in}:${slot.name.toLowerCase()}`;
const documents = (op: OperationInfo, status: string) => op.responses.some((r) => r.status === status);

/**
 * Real credentials an operation must refuse, derived from the spec: a credential of every other scheme that travels
 * where the operation's own does (a user token where an API key goes: 401, or a documented 403); where the
 * operation documents 410 Gone, a credential of its own scheme whose subject was deleted; and where a security
 * requirement names scopes and 403 is documented, a credential of that scheme without them.
 */
export function credentialProbes(spec: Spec, op: OperationInfo): CredentialProbe[] {
  const own = ownSlots(spec, op);
  if (own.size === 0) return [];
  const removal = removing([...own.values()]);
  const places = new Set([...own.values()].map(slotKey));
  const probes: CredentialProbe[] = [];
  for (const scheme of Object.keys(spec.document.components?.securitySchemes ?? {})) {
    const slot = own.has(scheme) ? undefined : slotOf(spec, scheme);
    if (!slot || !places.has(slotKey(slot))) continue;
    probes.push({
      name: `${article(scheme)} ${scheme} credential`,
      description: `A valid ${scheme} credential, a scheme the operation does not accept, travels in ${describeSlot(slot)} instead of the operation's own credentials.`,
      credential: { kind: 'other-scheme', scheme },
      ...removal,
      expect: ['401', ...(documents(op, '403') ? ['403'] : [])],
    });
  }
  const single = op.security.filter((alt) => alt.length === 1).map((alt) => alt[0]!);
  if (documents(op, '410')) {
    for (const { scheme } of single.filter((r) => own.has(r.scheme))) {
      probes.push({ name: `${article(scheme)} ${scheme} credential whose subject was deleted`, description: `${capital(article(scheme))} ${scheme} credential issued for a subject that was then deleted (410 Gone is documented).`, credential: { kind: 'deleted-subject', scheme }, ...removal, expect: ['410'] });
    }
  }
  if (documents(op, '403')) {
    for (const { scheme, scopes } of single.filter((r) => own.has(r.scheme) && r.scopes.length > 0)) {
      probes.push({ name: `${article(scheme)} ${scheme} credential without ${scopes.join(', ')}`, description: `A valid ${scheme} credential that lacks the scopes the operation requires (${scopes.join(', ')}).`, credential: { kind: 'missing-scopes', scheme, scopes }, ...removal, expect: ['403'] });
    }
  }
  return probes;
}

/** A credential probe's request was refused with one of the statuses it expects, in that status's documented shape. */
export function checkCredentialRefused(ctx: CheckContext, expected: readonly string[]): CheckFailure[] {
  const status = String(ctx.response.status);
  const resp = findResponse(ctx.op, ctx.response.status);
  if (!expected.includes(status)) {
    const documented = expected.map((s) => `${s} ${findResponse(ctx.op, Number(s))?.description ?? ''}`.trim()).join(', or ');
    return [failure('GEN-AUTH', 'Unfit credential not refused as documented', { received: status, documented, pointer: findResponse(ctx.op, Number(expected[0]))?.pointer ?? `${ctx.op.pointer}/responses` })];
  }
  return resp ? bodyFailures(ctx, resp, 'GEN-AUTH') : [];
}
