import { ExpressionValidationError } from '../errors.js';

/**
 * Tokens of DynamoDB's expression languages. Keywords are recognised by the parsers
 * (case-insensitively) from `identifier` tokens, because the same word may be an
 * attribute name elsewhere.
 */
export type TokenKind =
  | 'identifier' // name, function name or keyword: [A-Za-z][A-Za-z0-9_]*
  | 'nameRef' // #name, an ExpressionAttributeNames key
  | 'valueRef' // :value, an ExpressionAttributeValues key
  | 'integer' // digits, only meaningful as a list index
  | 'punct' // ( ) [ ] . , = <> < <= > >= + -
  | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
}

const PUNCTUATION = ['<>', '<=', '>=', '(', ')', '[', ']', '.', ',', '=', '<', '>', '+', '-'];
const WORD_PART = /[A-Za-z0-9_]/;

/**
 * Splits an expression into tokens. `label` is the request member name used in messages
 * ("ConditionExpression"). An unknown character is a syntax error at that character, as in AWS.
 */
export function tokenize(source: string, label: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    const start = i;
    // Plain names and function names must start with a letter (`_f(x)` is a syntax error at "_").
    const isReference = (ch === '#' || ch === ':') && i + 1 < source.length && WORD_PART.test(source[i + 1]!);
    if (isReference || /[A-Za-z]/.test(ch)) {
      i++;
      while (i < source.length && WORD_PART.test(source[i]!)) i++;
      const kind: TokenKind = ch === '#' ? 'nameRef' : ch === ':' ? 'valueRef' : 'identifier';
      tokens.push({ kind, text: source.slice(start, i), start, end: i });
      continue;
    }
    if (/[0-9]/.test(ch)) {
      while (i < source.length && /[0-9]/.test(source[i]!)) i++;
      tokens.push({ kind: 'integer', text: source.slice(start, i), start, end: i });
      continue;
    }
    const punct = PUNCTUATION.find((p) => source.startsWith(p, i));
    if (punct) {
      i += punct.length;
      tokens.push({ kind: 'punct', text: punct, start, end: i });
      continue;
    }
    const previous = tokens[tokens.length - 1];
    throw syntaxError(label, source, { kind: 'punct', text: ch, start, end: start + 1 }, previous);
  }
  tokens.push({ kind: 'eof', text: '<EOF>', start: source.length, end: source.length });
  return tokens;
}

/**
 * AWS's syntax error: the offending token, and "near" = the source from the previous token
 * through the offending one (e.g. `Syntax error; token: "1", near: "VALUE 1"`); at the end of
 * input the token is "<EOF>" and near is the last token.
 */
export function syntaxError(label: string, source: string, token: Token, previous: Token | undefined): ExpressionValidationError {
  const nearStart = previous ? previous.start : token.start;
  const nearEnd = token.kind === 'eof' ? (previous ? previous.end : token.end) : token.end;
  const near = source.slice(nearStart, nearEnd);
  return new ExpressionValidationError(`Invalid ${label}: Syntax error; token: "${token.text}", near: "${near}"`);
}
