/**
 * The conformance run's global set-up: off the mock target, starts the run store's broker (src/run/store.ts) so
 * tokens and the users tests share are obtained once for the run and survive worker restarts. Its address and secret
 * reach the workers through the environment. The returned teardown (run also after failures and Ctrl-C) deletes
 * what a sandbox run created (src/run/cleanup.ts; CONFORMANCE_KEEP=1 or `run --keep` leaves it), writes the outcome
 * to <report dir>/cleanup.json for the report, and stops the broker.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLEANUP_FILE, CREATED_LIST, cleanUp, type CreatedResource } from '../../src/run/cleanup';
import { BROKER_SECRET_VARIABLE, BROKER_URL_VARIABLE, brokerStore, startBroker } from '../../src/run/store';
import { parseTarget } from '../../src/targets';
import { resolveOutputDir } from '../../reporters/settings';

export default async function globalSetup(): Promise<(() => Promise<void>) | undefined> {
  const target = parseTarget(process.env.CONFORMANCE_TARGET);
  if (target === 'mock') return undefined; // the mocks start fresh with each worker
  const cleanupFile = path.join(resolveOutputDir({}), CLEANUP_FILE);
  fs.rmSync(cleanupFile, { force: true }); // the report reads only this run's
  const broker = await startBroker();
  process.env[BROKER_URL_VARIABLE] = broker.url;
  process.env[BROKER_SECRET_VARIABLE] = broker.secret;
  return async () => {
    try {
      if (target !== 'sandbox') return;
      const created = await brokerStore(broker.url, broker.secret).list<CreatedResource>(CREATED_LIST);
      if (created.length === 0) return;
      const keep = ['1', 'true', 'yes'].includes((process.env.CONFORMANCE_KEEP ?? '').toLowerCase());
      const report = await cleanUp(created, target, { keep, timeoutMs: Number(process.env.CONFORMANCE_TIMEOUT_MS ?? 10_000) });
      fs.mkdirSync(path.dirname(cleanupFile), { recursive: true });
      fs.writeFileSync(cleanupFile, `${JSON.stringify(report, null, 2)}\n`);
      console.log(`Clean-up: ${report.created} created, ${report.removed} removed, ${report.alreadyGone} already gone, ${report.leftBehind.length} left on the sandbox${report.kept ? ' (--keep)' : ''}.`);
    } finally {
      await broker.close();
    }
  };
}
