/**
 * Client of a built-in mock's control surface (`/__control`): clock, faults, reset and provider actions.
 * Exists only on the mock target; scenarios that need it are skipped elsewhere.
 */
import { ConformanceError } from '../errors';

export class MockControl {
  constructor(readonly controlUrl: string) {}

  private async post(path: string, body: unknown = {}): Promise<unknown> {
    const res = await fetch(`${this.controlUrl}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new ConformanceError('REQUEST_REFUSED', `Mock control ${path} failed with ${res.status}: ${text}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  }

  reset(): Promise<unknown> {
    return this.post('reset');
  }
  advanceClock(seconds: number): Promise<unknown> {
    return this.post('clock', { advanceSeconds: seconds });
  }
  enableFaults(names: string[]): Promise<unknown> {
    return this.post('faults', { enable: names });
  }
  action(name: string, body: Record<string, unknown> = {}): Promise<unknown> {
    return this.post(name, body);
  }
}
