import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConformanceError } from '../src/errors';
import { resolveOutputDir } from '../reporters/settings';
import { parseCommandArgs } from './args';
import { EXIT } from './exit';
import { PLAYWRIGHT_CONFIG, runPlaywright } from './playwright';
import { exitCodeFor, writtenSince } from './run';
import { useDefaultBaseline } from './init';

const USAGE = `Usage: conformance merge <folder> [--baseline f]

Joins the blob reports of a sharded run ("conformance run --shard i/n" on each machine) into the reports one run
would have written: reports/conformance/index.html, results.json, junit.xml and Playwright's report. <folder> is
searched for report-*.zip files at any depth (for example every shard's artifact downloaded side by side).
  --baseline   JSON file of accepted deviations (known drift); also CONFORMANCE_BASELINE (default: known-drift.json in
               the current folder when it exists)
Exit codes: 0 conform, 1 contract failures, 2 could not run (also: no blob report found).`;

function blobsUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && /\.zip$/.test(e.name)).map((e) => path.join(e.parentPath, e.name));
}

export async function mergeCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs({ usage: USAGE, options: { baseline: { type: 'string' } }, positionals: true }, argv);
  if (!args) return EXIT.OK;
  const [folder, ...extra] = args.positionals as string[];
  if (extra.length) throw new ConformanceError('BAD_ARGUMENTS', `conformance merge takes one folder; got also ${extra.join(' ')}.\n\n${USAGE}`);
  if (!folder) throw new ConformanceError('BAD_ARGUMENTS', `Name the folder that holds the shards' blob reports.\n\n${USAGE}`);
  const dir = path.resolve(folder);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new ConformanceError('BAD_ARGUMENTS', `${folder} is not a folder.`);
  const blobs = blobsUnder(dir);
  if (blobs.length === 0) throw new ConformanceError('BAD_ARGUMENTS', `No blob report (report-*.zip) under ${folder}. Each shard writes one under <report dir>/blob/ when run with "conformance run --shard i/n".`);
  if (args.baseline) process.env.CONFORMANCE_BASELINE = String(args.baseline);
  useDefaultBaseline();

  // merge-reports reads one flat folder: gather the zips (names are unique per shard) into a temporary one.
  const flat = fs.mkdtempSync(path.join(os.tmpdir(), 'conformance-merge-'));
  try {
    for (const [i, blob] of blobs.entries()) fs.copyFileSync(blob, path.join(flat, `${i}-${path.basename(blob)}`));
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.CONFORMANCE_BLOB_DIR;
    const started = Date.now();
    const code = await runPlaywright(['merge-reports', '--config', PLAYWRIGHT_CONFIG, flat], env);
    const results = writtenSince(path.join(resolveOutputDir({}), 'results.json'), started);
    console.log(`Merged ${blobs.length} blob reports.`);
    return exitCodeFor(code, results);
  } finally {
    fs.rmSync(flat, { recursive: true, force: true });
  }
}
