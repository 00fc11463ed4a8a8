/**
 * The JSON pointer of the YAML block a line sits in, read from the indentation of the lines above it. Used for
 * YAML syntax errors, where no parse tree exists to map a position to a pointer: the message can still say
 * "at #/paths/~1items/get" next to the line. Handles block mappings and sequences, the shapes specs are written in.
 */
import { escapePointer } from './operations';

interface Level {
  indent: number;
  token: string;
  /** A sequence item ("- ..."), which a key at the same indentation closes but a further item replaces. */
  item: boolean;
}

const KEY = /^("[^"]*"|'[^']*'|[^\s#'"{[\]-][^#]*?|-[^\s#][^#]*?)\s*:(?:\s|$)/;

function keyOf(content: string): string | undefined {
  const m = KEY.exec(content);
  return m ? m[1]!.replace(/^(["'])(.*)\1$/, '$2') : undefined;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Pops the levels a line at this indentation closes (a sequence item keeps the key it belongs to). */
function close(stack: Level[], indent: number, isItem: boolean): void {
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.indent < indent || (top.indent === indent && isItem && !top.item)) break;
    stack.pop();
  }
}

function pointerOf(stack: Level[]): string {
  return '#/' + stack.map((l) => escapePointer(l.token)).join('/');
}

/** Pointer of the node that holds the given 1-based line (its parent mapping or sequence). */
export function yamlPointerAt(text: string, line: number): string {
  const stack: Level[] = [];
  const itemCounts = new Map<string, number>();
  for (const raw of text.split(/\r?\n/).slice(0, Math.max(0, line - 1))) {
    if (/^\s*(#.*)?$/.test(raw) || /^\s*(---|\.\.\.)\s*$/.test(raw)) continue;
    let indent = indentOf(raw);
    let content = raw.trimStart();
    if (content.startsWith('- ') || content === '-') {
      close(stack, indent, true);
      const parent = `${pointerOf(stack)}@${indent}`;
      const index = itemCounts.get(parent) ?? 0;
      itemCounts.set(parent, index + 1);
      stack.push({ indent, token: String(index), item: true });
      const rest = content.slice(1);
      indent += 1 + indentOf(rest);
      content = rest.trimStart();
    } else {
      close(stack, indent, false);
    }
    const key = keyOf(content);
    if (key !== undefined) stack.push({ indent, token: key, item: false });
  }
  const target = text.split(/\r?\n/)[line - 1] ?? '';
  close(stack, indentOf(target), target.trimStart().startsWith('-'));
  return pointerOf(stack);
}
