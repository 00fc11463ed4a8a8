/** Reads, once, what the Synheart mock needs from its spec: the signing rules and the size limit of ingestion (`x-synheart-signing`). */
import { getByPointer, type Spec } from '../../src/openapi';
import type { SpecFacts } from './state';

const INGEST_OPERATION = 'ingestSnapshots';

function positiveInteger(signing: Record<string, unknown>, name: string): number {
  const value = signing[name];
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new Error(`The synheart spec's ${INGEST_OPERATION} x-synheart-signing.${name} must be a positive integer; got ${JSON.stringify(value)}.`);
  }
  return value;
}

export function readSpecFacts(spec: Spec): SpecFacts {
  const op = spec.operation(INGEST_OPERATION);
  const signing = getByPointer(spec.document, `${op.pointer}/x-synheart-signing`);
  if (typeof signing !== 'object' || signing === null) {
    throw new Error(`The synheart spec's ${INGEST_OPERATION} has no x-synheart-signing; the mock cannot know the timestamp window.`);
  }
  const rules = signing as Record<string, unknown>;
  return {
    timestampWindowSeconds: positiveInteger(rules, 'timestampWindowSeconds'),
    nonceRememberedSeconds: positiveInteger(rules, 'nonceRememberedSeconds'),
    maxRequestBytes: positiveInteger(rules, 'maxRequestBytes'),
  };
}
