/** The fault modifiers an instance knows (generic and the provider's), and which of them are on. */
import { ConformanceError } from '../../src/errors';
import type { FaultDefinition, FaultSet } from './types';

export interface FaultListing {
  name: string;
  description: string;
  breaks: string[];
  enabled: boolean;
  operations?: string[];
}

export interface FaultRegistry extends FaultSet {
  /** Switches exactly these faults on (others off); an unknown name throws, listing the known ones. */
  enable(names: string[]): void;
  list(): FaultListing[];
  /** The enabled faults with a response transform that applies to this operation, in definition order. */
  transformsFor(operationId: string): FaultDefinition[];
}

function assertUniqueNames(owner: string, definitions: FaultDefinition[]): void {
  const seen = new Set<string>();
  for (const d of definitions) {
    if (seen.has(d.name)) throw new ConformanceError('CONFIG_INVALID', `The ${owner} mock defines the fault "${d.name}" twice; give each fault its own name.`);
    seen.add(d.name);
  }
}

/** `owner` names the mock in error messages ("sahha"). */
export function createFaultRegistry(owner: string, definitions: FaultDefinition[]): FaultRegistry {
  assertUniqueNames(owner, definitions);
  const known = new Map(definitions.map((d) => [d.name, d]));
  let on = new Set<string>();
  return {
    has: (name) => on.has(name),
    enabled: () => definitions.filter((d) => on.has(d.name)).map((d) => d.name),
    enable(names) {
      const unknown = names.filter((n) => !known.has(n));
      if (unknown.length) {
        throw new ConformanceError(
          'CONFIG_INVALID',
          `The ${owner} mock has no fault ${unknown.map((n) => `"${n}"`).join(', ')}. Known faults: ${[...known.keys()].join(', ')}. Fix the name (CONFORMANCE_FAULTS or POST /__control/faults).`,
        );
      }
      on = new Set(names);
    },
    list: () =>
      definitions.map((d) => ({
        name: d.name,
        description: d.description,
        breaks: [...d.breaks],
        enabled: on.has(d.name),
        ...(d.operations ? { operations: [...d.operations] } : {}),
      })),
    transformsFor: (operationId) => definitions.filter((d) => on.has(d.name) && d.transform && (!d.operations || d.operations.includes(operationId))),
  };
}
