/**
 * Section 2: response validation throughput with the suite's own validators (src/openapi SchemaValidators), on the
 * success example of a typical score response and of a daily list. Each is validated in a loop for about a second,
 * as GEN-SCHEMA does (schema as written) and as GEN-UNDECLARED does (closed schemas).
 */
import { loadSpec, type JsonSchema } from '../src/openapi';
import { now } from './util';

export interface ThroughputRow {
  provider: string;
  operationId: string;
  mode: 'schema' | 'undeclared';
  exampleBytes: number;
  validations: number;
  seconds: number;
  perSecond: number;
  /** Diagnostics on the example (0 expected: the spec's examples validate). */
  diagnostics: number;
}

export const THROUGHPUT_SUBJECTS: readonly { provider: string; operationId: string }[] = [
  { provider: 'sahha', operationId: 'getScores' },
  { provider: 'sonar', operationId: 'listSleep' },
];

export async function validationThroughput(provider: string, operationId: string, durationMs = 1_000): Promise<ThroughputRow[]> {
  const spec = await loadSpec(provider);
  const op = spec.operation(operationId);
  const media = op.responses.find((r) => /^2\d\d$/.test(r.status))?.content.find((c) => c.schema !== undefined && c.examples.length > 0);
  if (!media) throw new Error(`${provider} ${operationId} has no success response with a schema and an example.`);
  const value = media.examples[0]!.value;
  const rows: ThroughputRow[] = [];
  for (const mode of ['schema', 'undeclared'] as const) {
    const opts = { label: 'body', undeclared: mode === 'undeclared' };
    const diagnostics = spec.validators.validateAt(media.schemaPointer, media.schema as JsonSchema, value, opts).length; // compiles
    let n = 0;
    const start = now();
    let elapsed = 0;
    while (elapsed < durationMs) {
      for (let i = 0; i < 100; i++) spec.validators.validateAt(media.schemaPointer, media.schema as JsonSchema, value, opts);
      n += 100;
      elapsed = now() - start;
    }
    rows.push({ provider, operationId, mode, exampleBytes: JSON.stringify(value).length, validations: n, seconds: elapsed / 1000, perSecond: n / (elapsed / 1000), diagnostics });
  }
  return rows;
}
