/** `test` of the Synheart mock's own tests: `mock`, the worker's instance, fresh for each test and checked for drift. */
import { withMock } from '../fixtures';
import { startSynheart } from './helpers';

export const test = withMock(() => startSynheart());
export { expect } from '../fixtures';
