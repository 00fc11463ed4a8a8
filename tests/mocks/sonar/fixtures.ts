/** `test` of the Sonar mock's own tests: `mock`, the worker's instance, fresh for each test and checked for drift. */
import { withMock } from '../fixtures';
import { startSonar } from './helpers';

export const test = withMock(startSonar);
export { expect } from '../fixtures';
