/**
 * JSON that means one thing: `JSON.parse`, refusing any object that names a member twice (RFC 8259
 * §4 leaves such an object's meaning to each parser: JavaScript keeps the last, others the first or
 * refuse). A signed document read this way (a proof bundle) cannot show one reader a value its
 * signature does not cover and another reader the one it does. Keys are compared as decoded, so
 * `"a"` and `"\u0061"` are the same member.
 */
export class DuplicateJsonKey extends SyntaxError {
  constructor(readonly path: string) {
    super(`duplicate member ${path}: an object names it twice`);
    this.name = 'DuplicateJsonKey';
  }
}

export function parseStrictJson(text: string): unknown {
  const value: unknown = JSON.parse(text); // well-formed first: the scan below may then trust the grammar
  rejectDuplicateKeys(text);
  return value;
}

type Frame =
  | { kind: 'object'; keys: Set<string>; path: string; key?: string }
  | { kind: 'array'; path: string; index: number };

function rejectDuplicateKeys(text: string) {
  const stack: Frame[] = [];
  let expectKey = false;
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    if (char === '"') {
      const end = stringEnd(text, at);
      const top = stack.at(-1);
      if (expectKey && top?.kind === 'object') {
        const key = JSON.parse(text.slice(at, end + 1)) as string;
        if (top.keys.has(key)) throw new DuplicateJsonKey(`${top.path}.${key}`);
        top.keys.add(key);
        top.key = key;
        expectKey = false;
      }
      at = end;
    } else if (char === '{') {
      stack.push({ kind: 'object', keys: new Set(), path: childPath(stack.at(-1)) });
      expectKey = true;
    } else if (char === '[') {
      stack.push({ kind: 'array', path: childPath(stack.at(-1)), index: 0 });
    } else if (char === '}' || char === ']') {
      stack.pop();
    } else if (char === ',') {
      const top = stack.at(-1);
      if (top?.kind === 'object') expectKey = true;
      else if (top?.kind === 'array') top.index++;
    }
  }
}

function childPath(parent: Frame | undefined): string {
  if (!parent) return '$';
  return parent.kind === 'object' ? `${parent.path}.${parent.key ?? ''}` : `${parent.path}[${parent.index}]`;
}

/** The index of the quote that closes the string opened at `start` (the text is well-formed JSON). */
function stringEnd(text: string, start: number): number {
  for (let at = start + 1; at < text.length; at++) {
    if (text[at] === '\\') at++;
    else if (text[at] === '"') return at;
  }
  return text.length - 1;
}
