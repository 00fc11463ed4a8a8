import { parseArgs } from 'node:util';
import { ConformanceError } from '../src/errors';

export interface CommandSpec {
  usage: string;
  options: NonNullable<Parameters<typeof parseArgs>[0]>['options'];
  /** Accept positional arguments (returned as `positionals`). */
  positionals?: boolean;
}

export function parseCommandArgs(spec: CommandSpec, argv: string[]): Record<string, unknown> | undefined {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { ...spec.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: spec.positionals ?? false, strict: true });
    if (values.help) {
      console.log(spec.usage);
      return undefined;
    }
    return { ...values, positionals } as Record<string, unknown>;
  } catch (err) {
    throw new ConformanceError('BAD_ARGUMENTS', `${(err as Error).message}\n\n${spec.usage}`);
  }
}

