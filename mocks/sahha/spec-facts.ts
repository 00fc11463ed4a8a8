/** Reads, once, what the mock needs from its spec: the scheme words and the allowed values of query parameters. */
import { resolveRef, type OperationInfo, type Spec } from '../../src/openapi';
import type { SpecFacts, TokenKind } from './state';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function schemeWord(spec: Spec, scheme: TokenKind): string {
  const schemes = (spec.document.components?.securitySchemes ?? {}) as Record<string, unknown>;
  const def = resolveRef<Obj>(spec.document, schemes[scheme]);
  const word = isObj(def) ? def['x-scheme-word'] : undefined;
  if (typeof word !== 'string') throw new Error(`The sahha spec's security scheme "${scheme}" has no x-scheme-word; add it under components.securitySchemes.`);
  return word;
}

function enumOf(spec: Spec, schema: unknown): string[] | undefined {
  const s = resolveRef<Obj>(spec.document, schema);
  if (!isObj(s)) return undefined;
  if (Array.isArray(s.enum)) return s.enum.filter((v): v is string => typeof v === 'string');
  return s.items === undefined ? undefined : enumOf(spec, s.items);
}

export function readSpecFacts(spec: Spec): SpecFacts {
  const cache = new Map<string, string[] | undefined>();
  return {
    schemeWord: { account: schemeWord(spec, 'account'), profile: schemeWord(spec, 'profile') },
    allowedValues(op: OperationInfo, name: string) {
      const key = `${op.operationId} ${name}`;
      if (!cache.has(key)) {
        const param = op.parameters.find((p) => p.in === 'query' && p.name === name);
        cache.set(key, param ? enumOf(spec, param.schema) : undefined);
      }
      return cache.get(key);
    },
  };
}
