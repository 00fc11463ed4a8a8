/**
 * The conformance catalog (catalog/CATALOG.md, the team's list of documented promises): every ID with its
 * provider, area, where it runs and the behaviour it names. Parsed from the markdown tables.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from './openapi/redocly';

export type Area = 'schema' | 'token lifecycle' | 'scopes' | 'errors' | 'environments' | 'data';
export const AREAS: readonly Area[] = ['schema', 'token lifecycle', 'scopes', 'errors', 'environments', 'data'];

export interface CatalogEntry {
  id: string;
  /** "sahha" | "sonar" | "synheart", or "generic" for GEN-* checks. */
  provider: string;
  area: Area;
  /** Targets it runs on: any, mock, sandbox (from the "where" column; GEN-* run anywhere). */
  where: string[];
  behaviour: string;
}

export const CATALOG_FILE = path.join(PROJECT_ROOT, 'catalog', 'CATALOG.md');

const PREFIX_PROVIDER: Record<string, string> = { GEN: 'generic', SAH: 'sahha', SON: 'sonar', SYN: 'synheart' };

/** The area an ID belongs to in the report's matrix, from its middle part (SON-TOK-4 -> token lifecycle). */
export function areaOf(id: string): Area {
  const [prefix, kind] = id.split('-');
  if (prefix === 'GEN') return 'schema';
  switch (kind) {
    case 'TOK':
    case 'CLI':
      return 'token lifecycle';
    case 'SCP':
    case 'AUTH':
      return 'scopes';
    case 'ERR':
    case 'RATE':
      return 'errors';
    case 'ENV':
      return 'environments';
    default:
      return 'data';
  }
}

export function parseCatalog(markdown: string): CatalogEntry[] {
  const out: CatalogEntry[] = [];
  for (const line of markdown.split(/\r?\n/)) {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    const id = cells[0] ?? '';
    if (!/^(GEN|SAH|SON|SYN)-[A-Z0-9-]+$/.test(id)) continue;
    const prefix = id.split('-')[0]!;
    const generic = prefix === 'GEN';
    out.push({
      id,
      provider: PREFIX_PROVIDER[prefix]!,
      area: areaOf(id),
      where: generic ? ['any'] : (cells[1] ?? 'any').split(',').map((w) => w.trim()),
      behaviour: (generic ? cells[1] : cells[2]) ?? '',
    });
  }
  return out;
}

let cached: CatalogEntry[] | undefined;
export function loadCatalog(file = CATALOG_FILE): CatalogEntry[] {
  if (file !== CATALOG_FILE) return parseCatalog(fs.readFileSync(file, 'utf8'));
  cached ??= parseCatalog(fs.readFileSync(file, 'utf8'));
  return cached;
}

/** The catalog ID a test title starts with, if any ("SON-TOK-4 mobile token is single-use" -> "SON-TOK-4"). */
export function catalogIdOf(title: string): string | undefined {
  return /^((?:GEN|SAH|SON|SYN)-[A-Z]+(?:-\d+)?)\b/.exec(title)?.[1];
}
