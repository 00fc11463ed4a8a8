/**
 * The exchange log (MockOptions.exchangeLog): every answer of an instance appended to a file as one JSON line.
 * A test aid for recording what a run sent (the production target's read-only promise) and what the mock handed
 * out (the redaction audit); bodies are kept as sent, so the file holds the mock's fake secrets in clear.
 */
import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface LoggedExchange {
  provider: string;
  environment: string;
  method: string;
  /** Path and query as received ("/api/v1/profile/token?x=1"). */
  url: string;
  status: number;
  /** The response body as text ("" when there was none). */
  body: string;
}

/** Appends the answer to `res` to `file` when it ends (one synchronous append, so lines from several processes do not mix). */
export function logExchangeTo(file: string, who: { provider: string; environment: string }, req: IncomingMessage, res: ServerResponse): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    const chunk = args[0];
    const body = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
    const entry: LoggedExchange = { ...who, method: (req.method ?? 'GET').toUpperCase(), url: req.url ?? '/', status: res.statusCode, body };
    fs.appendFileSync(file, `${JSON.stringify(entry)}\n`);
    return end(...args);
  }) as ServerResponse['end'];
}

/** Reads an exchange log back (missing file: no exchanges). */
export function readExchangeLog(file: string): LoggedExchange[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LoggedExchange);
}
