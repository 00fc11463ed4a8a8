/**
 * The conformance run's global set-up: off the mock target, starts the run store's broker (src/run/store.ts) so
 * tokens and the users tests share are obtained once for the run and survive worker restarts. Its address and secret
 * reach the workers through the environment; the returned function stops it at the end of the run.
 */
import { parseTarget } from '../../src/targets';
import { BROKER_SECRET_VARIABLE, BROKER_URL_VARIABLE, startBroker } from '../../src/run/store';

export default async function globalSetup(): Promise<(() => Promise<void>) | undefined> {
  if (parseTarget(process.env.CONFORMANCE_TARGET) === 'mock') return undefined; // the mocks start fresh with each worker
  const broker = await startBroker();
  process.env[BROKER_URL_VARIABLE] = broker.url;
  process.env[BROKER_SECRET_VARIABLE] = broker.secret;
  return () => broker.close();
}
