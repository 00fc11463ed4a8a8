/**
 * A minimal block-style YAML writer for the synthetic specs (plain data only: objects, arrays, strings, numbers,
 * booleans, null). Strings are written double-quoted (JSON escapes are valid YAML), so no value is ever misread.
 */
type Value = string | number | boolean | null | Value[] | { [k: string]: Value };

const key = (k: string): string => (/^[A-Za-z_$][\w$.-]*$/.test(k) ? k : JSON.stringify(k));
const scalar = (v: Value): string => (typeof v === 'string' ? JSON.stringify(v) : v === null ? 'null' : String(v));
const isEmpty = (v: Value): boolean => (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && v !== null && Object.keys(v).length === 0);

function lines(v: Value, indent: string, out: string[]): void {
  if (Array.isArray(v)) {
    for (const item of v) {
      if (typeof item === 'object' && item !== null && !isEmpty(item)) {
        const sub: string[] = [];
        lines(item, `${indent}  `, sub);
        out.push(`${indent}- ${sub[0]!.trimStart()}`, ...sub.slice(1));
      } else out.push(`${indent}- ${isEmpty(item) ? (Array.isArray(item) ? '[]' : '{}') : scalar(item)}`);
    }
    return;
  }
  if (typeof v === 'object' && v !== null) {
    for (const [k, item] of Object.entries(v)) {
      if (typeof item === 'object' && item !== null && !isEmpty(item)) {
        out.push(`${indent}${key(k)}:`);
        lines(item, `${indent}  `, out);
      } else out.push(`${indent}${key(k)}: ${isEmpty(item) ? (Array.isArray(item) ? '[]' : '{}') : scalar(item)}`);
    }
    return;
  }
  out.push(`${indent}${scalar(v)}`);
}

export function toYaml(value: unknown): string {
  const out: string[] = [];
  lines(value as Value, '', out);
  return `${out.join('\n')}\n`;
}
