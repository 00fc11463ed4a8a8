/** Reads, once, what the Sonar mock needs from its spec: token lifetimes and prefixes, default scopes, page sizes. */
import { resolveRef, type Spec } from '../../src/openapi';
import type { Env, SpecFacts } from './state';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function component(spec: Spec, kind: 'securitySchemes' | 'schemas' | 'parameters', name: string): Obj {
  const found = resolveRef<unknown>(spec.document, (spec.document.components?.[kind] as Obj | undefined)?.[name]);
  if (!isObj(found)) throw new Error(`The sonar spec has no components.${kind}.${name}; the mock needs it.`);
  return found;
}

function positive(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) throw new Error(`The sonar spec's ${where} must be a positive integer; got ${JSON.stringify(value)}.`);
  return value;
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new Error(`The sonar spec's ${where} must be a non-empty string; got ${JSON.stringify(value)}.`);
  return value;
}

function lifetime(spec: Spec, scheme: string): number {
  return positive(component(spec, 'securitySchemes', scheme)['x-lifetime-seconds'], `securitySchemes.${scheme}.x-lifetime-seconds`);
}

function keyPrefixes(spec: Spec): Record<string, Env> {
  const prefixes = component(spec, 'securitySchemes', 'apiKey')['x-environment-prefixes'];
  const valid = isObj(prefixes) && Object.values(prefixes).every((env) => env === 'sandbox' || env === 'production');
  if (!valid) throw new Error('The sonar spec\'s securitySchemes.apiKey.x-environment-prefixes must map key prefixes to "sandbox" or "production".');
  return prefixes as Record<string, Env>;
}

function parameterDefault(spec: Spec, name: string): number {
  const schema = resolveRef<unknown>(spec.document, component(spec, 'parameters', name).schema);
  return positive(isObj(schema) ? schema.default : undefined, `parameters.${name}.schema.default`);
}

export function readSpecFacts(spec: Spec): SpecFacts {
  const scopes = component(spec, 'schemas', 'MobileScope').enum;
  if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string')) throw new Error('The sonar spec\'s schemas.MobileScope must have a string enum.');
  return {
    lifetimeSeconds: { apiKey: lifetime(spec, 'apiKey'), userToken: lifetime(spec, 'userToken'), mobileToken: lifetime(spec, 'mobileToken') },
    keyPrefixes: keyPrefixes(spec),
    mobileTokenPrefix: text(component(spec, 'securitySchemes', 'mobileToken')['x-token-prefix'], 'securitySchemes.mobileToken.x-token-prefix'),
    mobileScopes: scopes as string[],
    defaultPerPage: parameterDefault(spec, 'PerPage'),
    defaultEventLimit: parameterDefault(spec, 'Limit'),
  };
}
