import {
  canonicalNumber,
  type AttributeValue,
  type ComparisonOperator,
  type ConditionAst,
  type DocumentPath,
  type Item,
  type Operand,
  type UpdateClause,
  type UpdateValue,
} from '@kuhiro/expressions';
import { ValidationException } from '../errors.js';
import { collectionValue, scalarValue } from './literals.js';
import type { Returning, SelectStatement, Statement } from './statement.js';
import { statementError } from './statementError.js';
import { tokenize, type Token } from './tokenizer.js';

/** Words that cannot be a bare attribute name (quote them: `"value"`). */
const KEYWORDS = new Set([
  'SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'IN', 'IS', 'BETWEEN', 'MISSING', 'NULL', 'TRUE', 'FALSE',
  'SET', 'REMOVE', 'INSERT', 'INTO', 'VALUE', 'VALUES', 'UPDATE', 'DELETE', 'RETURNING', 'EXISTS', 'ORDER', 'BY',
]);

const COMPARISONS: Record<string, ComparisonOperator> = { '=': '=', '<>': '<>', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

export const PARAMETER_COUNT_MISMATCH = "Number of parameters in request and statement don't match.";

/**
 * Parses one statement of DynamoDB's PartiQL subset, substituting `?` with `parameters` in
 * the order they appear. Throws AWS's ValidationException on any syntax error.
 */
export function parseStatement(source: string, parameters: AttributeValue[] = []): Statement {
  const parser = new Parser(tokenize(source), parameters);
  const statement = parser.statement();
  parser.expectEnd();
  if (parser.usedParameters !== parameters.length) throw new ValidationException(PARAMETER_COUNT_MISMATCH);
  return statement;
}

class Parser {
  private position = 0;
  usedParameters = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly parameters: AttributeValue[],
  ) {}

  statement(): Statement {
    const first = this.peek();
    if (first.kind !== 'word') throw statementError('Expected data manipulation');
    switch (first.upper) {
      case 'SELECT':
        return this.select();
      case 'INSERT':
        return this.insert();
      case 'UPDATE':
        return this.update();
      case 'DELETE':
        return this.delete();
      case 'EXISTS': {
        this.next();
        this.symbol('(');
        const select = this.select();
        this.symbol(')');
        return { kind: 'exists', select };
      }
      default:
        throw statementError('Expected data manipulation');
    }
  }

  expectEnd(): void {
    const token = this.peek();
    // A trailing semicolon is not PartiQL; anything left over is unexpected.
    if (token.kind !== 'end') throw this.unexpected(token);
  }

  private select(): SelectStatement {
    this.keyword('SELECT');
    let projection: DocumentPath[] | undefined;
    if (this.isSymbol('*')) this.next();
    else {
      projection = [this.path()];
      while (this.isSymbol(',')) {
        this.next();
        projection.push(this.path());
      }
    }
    this.keyword('FROM');
    const table = this.name();
    const statement: SelectStatement = { kind: 'select', table };
    if (this.isSymbol('.')) {
      this.next();
      statement.index = this.name();
    }
    if (projection) statement.projection = projection;
    if (this.isKeyword('WHERE')) {
      this.next();
      statement.where = this.condition();
    }
    return statement;
  }

  private insert(): Statement {
    this.keyword('INSERT');
    this.keyword('INTO');
    const table = this.name();
    this.keyword('VALUE');
    const value = this.value();
    if (!('M' in value)) throw statementError('Unexpected type: INSERT expects a map (tuple) value');
    return { kind: 'insert', table, item: value.M as Item };
  }

  private update(): Statement {
    this.keyword('UPDATE');
    const table = this.name();
    const actions: UpdateClause[] = [];
    while (this.isKeyword('SET') || this.isKeyword('REMOVE')) {
      const clause = this.next() as Extract<Token, { kind: 'word' }>;
      do {
        if (this.isSymbol(',')) this.next();
        actions.push(clause.upper === 'SET' ? this.setAction() : { kind: 'REMOVE', path: this.path() });
      } while (this.isSymbol(','));
    }
    if (actions.length === 0) throw this.unexpected(this.peek());
    this.keyword('WHERE');
    const where = this.condition();
    const statement: Statement = { kind: 'update', table, update: { actions }, where };
    const returning = this.returning(['ALL_OLD', 'ALL_NEW', 'UPDATED_OLD', 'UPDATED_NEW']);
    if (returning) statement.returning = returning;
    return statement;
  }

  private delete(): Statement {
    this.keyword('DELETE');
    this.keyword('FROM');
    const table = this.name();
    this.keyword('WHERE');
    const where = this.condition();
    const statement: Statement = { kind: 'delete', table, where };
    const returning = this.returning(['ALL_OLD']);
    if (returning) statement.returning = returning;
    return statement;
  }

  /** RETURNING (ALL | MODIFIED) (OLD | NEW) * */
  private returning(allowed: Returning[]): Returning | undefined {
    if (!this.isKeyword('RETURNING')) return undefined;
    this.next();
    const scope = this.word();
    const age = this.word();
    this.symbol('*');
    const name = `${scope === 'MODIFIED' ? 'UPDATED' : scope}_${age}` as Returning;
    if (!allowed.includes(name)) throw statementError(`Unsupported RETURNING: ${scope} ${age}`);
    return name;
  }

  private setAction(): UpdateClause {
    const path = this.path();
    this.symbol('=');
    const fn = this.peek();
    if (fn.kind === 'word' && (fn.upper === 'SET_ADD' || fn.upper === 'SET_DELETE') && this.peekAt(1).kind === 'symbol') {
      // set_add(s, <<...>>) / set_delete(s, <<...>>) are the ADD / DELETE of UpdateExpression.
      this.next();
      this.symbol('(');
      this.path();
      this.symbol(',');
      const value = this.value();
      this.symbol(')');
      return { kind: fn.upper === 'SET_ADD' ? 'ADD' : 'DELETE', path, value };
    }
    return { kind: 'SET', path, value: this.updateValue() };
  }

  private updateValue(): UpdateValue {
    let left = this.updateTerm();
    while (this.isSymbol('+') || this.isSymbol('-')) {
      const plus = this.isSymbol('+');
      this.next();
      left = { kind: plus ? 'plus' : 'minus', left, right: this.updateTerm() };
    }
    return left;
  }

  private updateTerm(): UpdateValue {
    const token = this.peek();
    if (token.kind === 'word' && token.upper === 'LIST_APPEND' && this.isSymbolAt(1, '(')) {
      this.next();
      this.symbol('(');
      const first = this.updateValue();
      this.symbol(',');
      const second = this.updateValue();
      this.symbol(')');
      return { kind: 'list_append', first, second };
    }
    if (this.startsPath()) return { kind: 'path', path: this.path() };
    return { kind: 'value', value: this.value() };
  }

  condition(): ConditionAst {
    let left = this.conjunction();
    while (this.isKeyword('OR')) {
      this.next();
      left = { kind: 'or', left, right: this.conjunction() };
    }
    return left;
  }

  private conjunction(): ConditionAst {
    let left = this.negation();
    while (this.isKeyword('AND')) {
      this.next();
      left = { kind: 'and', left, right: this.negation() };
    }
    return left;
  }

  private negation(): ConditionAst {
    if (this.isKeyword('NOT')) {
      this.next();
      return { kind: 'not', condition: this.negation() };
    }
    return this.predicate();
  }

  private predicate(): ConditionAst {
    if (this.isSymbol('(')) {
      this.next();
      const inner = this.condition();
      this.symbol(')');
      return inner;
    }
    const token = this.peek();
    if (token.kind === 'word' && this.isSymbolAt(1, '(')) {
      const fn = token.text.toLowerCase();
      if (fn === 'begins_with' || fn === 'contains' || fn === 'attribute_type') {
        this.next();
        this.symbol('(');
        const subject = this.operand();
        this.symbol(',');
        const operand = this.operand();
        this.symbol(')');
        if (fn === 'attribute_type') {
          if (subject.kind !== 'path') throw statementError('attribute_type expects a path as its first argument');
          return { kind: 'attribute_type', path: subject.path, type: operand };
        }
        return { kind: fn, subject, operand };
      }
    }
    if (token.kind === 'word' && this.isSymbolAt(1, '(') && token.upper !== 'SIZE') {
      throw new ValidationException(`Unrecognized function: ${token.text}`);
    }
    const left = this.operand();
    const next = this.peek();
    if (next.kind === 'symbol' && COMPARISONS[next.text]) {
      this.next();
      return { kind: 'comparison', operator: COMPARISONS[next.text]!, left, right: this.operand() };
    }
    if (this.isKeyword('BETWEEN')) {
      this.next();
      const lower = this.operand();
      this.keyword('AND');
      return { kind: 'between', operand: left, lower, upper: this.operand() };
    }
    if (this.isKeyword('IN')) {
      this.next();
      const close = this.isSymbol('[') ? ']' : ')';
      this.symbol(close === ']' ? '[' : '(');
      const candidates = [this.operand()];
      while (this.isSymbol(',')) {
        this.next();
        candidates.push(this.operand());
      }
      this.symbol(close);
      return { kind: 'in', operand: left, candidates };
    }
    if (this.isKeyword('IS')) {
      this.next();
      let negated = false;
      if (this.isKeyword('NOT')) {
        this.next();
        negated = true;
      }
      const what = this.word();
      if (left.kind !== 'path') throw statementError(`IS ${what} expects a path`);
      const test = isTest(left.path, what);
      return negated ? { kind: 'not', condition: test } : test;
    }
    throw this.unexpected(next);
  }

  private operand(): Operand {
    const token = this.peek();
    if (token.kind === 'word' && token.upper === 'SIZE' && this.isSymbolAt(1, '(')) {
      this.next();
      this.symbol('(');
      const inner = this.operand();
      this.symbol(')');
      return { kind: 'size', operand: inner };
    }
    if (this.startsPath()) return { kind: 'path', path: this.path() };
    return { kind: 'value', value: this.value() };
  }

  private startsPath(): boolean {
    const token = this.peek();
    return token.kind === 'quotedName' || (token.kind === 'word' && !KEYWORDS.has(token.upper));
  }

  path(): DocumentPath {
    const path: DocumentPath = [this.name()];
    for (;;) {
      if (this.isSymbol('.')) {
        this.next();
        path.push(this.name());
      } else if (this.isSymbol('[')) {
        this.next();
        const index = this.next();
        if (index.kind !== 'number' || !/^\d+$/.test(index.text)) throw this.unexpected(index);
        path.push(Number(index.text));
        this.symbol(']');
      } else return path;
    }
  }

  /** A literal value, a `?` parameter, or a collection of them. */
  value(): AttributeValue {
    const token = this.next();
    if (token.kind === 'symbol' && token.text === '?') {
      const value = this.parameters[this.usedParameters++];
      // Counted here, reported once the statement is fully read (AWS checks the count first).
      return value ?? { NULL: true };
    }
    if (token.kind === 'symbol' && token.text === '-' && this.peek().kind === 'number') {
      return { N: canonicalNumber(`-${(this.next() as { text: string }).text}`) };
    }
    if (token.kind === 'symbol' && (token.text === '[' || token.text === '<<' || token.text === '{')) {
      return collectionValue(token.text, this.collection(token.text));
    }
    if (token.kind === 'word' && token.upper === 'MISSING') throw new ValidationException('MISSING must be compared using IS operator');
    const scalar = scalarValue(token);
    if (scalar === undefined) throw this.unexpected(token);
    return scalar;
  }

  private collection(open: string): Array<AttributeValue | [string, AttributeValue]> {
    const close = open === '[' ? ']' : open === '<<' ? '>>' : '}';
    const elements: Array<AttributeValue | [string, AttributeValue]> = [];
    if (this.isSymbol(close)) {
      this.next();
      return elements;
    }
    for (;;) {
      if (open === '{') {
        const key = this.next();
        if (key.kind !== 'string') throw this.unexpected(key);
        this.symbol(':');
        elements.push([key.text, this.value()]);
      } else elements.push(this.value());
      if (this.isSymbol(',')) {
        this.next();
        continue;
      }
      this.symbol(close);
      return elements;
    }
  }

  private name(): string {
    const token = this.next();
    if (token.kind === 'quotedName') return token.text;
    if (token.kind === 'word' && !KEYWORDS.has(token.upper)) return token.text;
    throw this.unexpected(token);
  }

  private word(): string {
    const token = this.next();
    if (token.kind !== 'word') throw this.unexpected(token);
    return token.upper;
  }

  private keyword(upper: string): void {
    const token = this.next();
    if (token.kind !== 'word' || token.upper !== upper) throw this.unexpected(token);
  }

  private symbol(text: string): void {
    const token = this.next();
    if (token.kind !== 'symbol' || token.text !== text) throw this.unexpected(token);
  }

  private isKeyword(upper: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.upper === upper;
  }

  private isSymbol(text: string): boolean {
    return this.isSymbolAt(0, text);
  }

  private isSymbolAt(offset: number, text: string): boolean {
    const token = this.peekAt(offset);
    return token.kind === 'symbol' && token.text === text;
  }

  private peek(): Token {
    return this.peekAt(0);
  }

  private peekAt(offset: number): Token {
    return this.tokens[Math.min(this.position + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.position++;
    return token;
  }

  /** AWS names the kind of token it did not expect, not the position. */
  private unexpected(token: Token): ValidationException {
    if (token.kind === 'end') return statementError('Unexpected end of statement');
    if (token.kind === 'word' && KEYWORDS.has(token.upper)) return statementError('Unexpected keyword');
    return statementError(`Unexpected token: ${token.kind === 'string' ? `'${token.text}'` : token.text}`);
  }
}

/** `IS` types and the DynamoDB attribute type each one tests (AWS's list, in its order). */
const IS_TYPES: Record<string, string> = { NULL: 'NULL', BOOLEAN: 'BOOL', BLOB: 'B', STRING: 'S', NUMERIC: 'N', STRUCT: 'M', TUPLE: 'M', LIST: 'L' };

function isTest(path: DocumentPath, what: string): ConditionAst {
  if (what === 'MISSING') return { kind: 'attribute_not_exists', path };
  const type = IS_TYPES[what];
  if (type === undefined) {
    throw new ValidationException(
      `Unsupported data type for IS operator: ${what}. Supported data types are [MISSING, NULL, BOOLEAN, BLOB, STRING, NUMERIC, STRUCT, TUPLE, LIST]`,
    );
  }
  return { kind: 'attribute_type', path, type: { kind: 'value', value: { S: type } } };
}
