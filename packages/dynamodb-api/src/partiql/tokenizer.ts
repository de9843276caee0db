import { statementError } from './statementError.js';

/**
 * Tokens of DynamoDB's PartiQL subset. `"double quoted"` is an identifier (a table, index or
 * attribute name that is a keyword or has odd characters); `'single quoted'` is a string
 * value, with `''` standing for one quote, as in SQL.
 */
export type Token =
  | { kind: 'word'; text: string; upper: string; position: number }
  | { kind: 'quotedName'; text: string; position: number }
  | { kind: 'string'; text: string; position: number }
  | { kind: 'number'; text: string; position: number }
  | { kind: 'symbol'; text: string; position: number }
  | { kind: 'end'; position: number };

/** Longest symbols first, so `<=` is not read as `<` then `=`. */
const SYMBOLS = ['<<', '>>', '<=', '>=', '<>', '!=', '(', ')', '[', ']', '{', '}', ',', '.', ':', '?', '=', '<', '>', '+', '-', '*'];

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    // SQL line comments are accepted by PartiQL.
    if (source.startsWith('--', i)) {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    if (c === "'" || c === '"') {
      const start = i;
      let text = '';
      i++;
      for (;;) {
        if (i >= source.length) throw statementError('Unexpected end of input: unterminated quote');
        if (source[i] === c) {
          if (source[i + 1] === c) {
            text += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += source[i];
        i++;
      }
      tokens.push({ kind: c === "'" ? 'string' : 'quotedName', text, position: start });
      continue;
    }
    const number = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(source.slice(i));
    if (number) {
      tokens.push({ kind: 'number', text: number[0], position: i });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(source.slice(i));
    if (word) {
      tokens.push({ kind: 'word', text: word[0], upper: word[0].toUpperCase(), position: i });
      i += word[0].length;
      continue;
    }
    const symbol = SYMBOLS.find((s) => source.startsWith(s, i));
    if (!symbol) throw statementError(`Unexpected character: ${c}`);
    tokens.push({ kind: 'symbol', text: symbol, position: i });
    i += symbol.length;
  }
  tokens.push({ kind: 'end', position: source.length });
  return tokens;
}
