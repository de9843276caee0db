import type { RawCondition, RawOperand, RawPathElement, RawUpdateAction, RawUpdateSection } from './rawAst.js';
import { ParseCache } from './parseCache.js';
import { ExpressionValidationError } from '../errors.js';
import { syntaxError, tokenize, type Token } from './tokenizer.js';

/** Thrown inside the parser; the furthest failure becomes AWS's syntax error. */
class SyntaxFailure {
  constructor(readonly tokenIndex: number) {}
}

/**
 * Grouping parentheses nested beyond this depth stop the parser before the JS stack does.
 * Within AWS's 4096-byte limit a non-redundant level needs at least 5 characters
 * (`NOT(` + `)`), so deeper input necessarily has redundant parentheses, which is what
 * AWS reports for it.
 */
const MAX_NESTING = 1000;
class TooDeep {}

const CONDITION_KEYWORDS = new Set(['AND', 'OR', 'NOT', 'BETWEEN', 'IN']);
const UPDATE_KEYWORDS = new Set(['SET', 'REMOVE', 'ADD', 'DELETE']);
const COMPARATORS = new Set(['=', '<>', '<', '<=', '>', '>=']);

/**
 * Recursive descent over DynamoDB's expression grammars, with backtracking where a '('
 * may open either a nested condition or a parenthesized operand. Produces raw trees only;
 * names, values and function rules are checked afterwards.
 */
class SyntaxParser {
  private readonly tokens: Token[];
  private position = 0;
  private furthest = 0;
  private depth = 0;
  /** Nodes written as `( x )`, to detect AWS's "redundant parentheses" (`((x))`). */
  readonly parenthesized = new WeakSet<object>();
  redundantParentheses = false;

  constructor(
    private readonly source: string,
    private readonly label: string,
    private readonly keywords: Set<string>,
  ) {
    this.tokens = tokenize(source, label);
  }

  run<T>(parse: () => T): T {
    try {
      const result = parse();
      if (this.peek().kind !== 'eof') this.fail();
      return result;
    } catch (error) {
      if (error instanceof TooDeep) throw new ExpressionValidationError(`Invalid ${this.label}: The expression has redundant parentheses;`);
      if (!(error instanceof SyntaxFailure)) throw error;
      const index = Math.max(this.furthest, error.tokenIndex);
      throw syntaxError(this.label, this.source, this.tokens[index]!, this.tokens[index - 1]);
    }
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.position + offset, this.tokens.length - 1)]!;
  }

  private fail(): never {
    this.furthest = Math.max(this.furthest, this.position);
    throw new SyntaxFailure(this.position);
  }

  private isPunct(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'punct' && token.text === text;
  }

  private expectPunct(text: string): void {
    if (!this.isPunct(text)) this.fail();
    this.position++;
  }

  isKeyword(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'identifier' && token.text.toUpperCase() === word;
  }

  /** Runs `parse` one nesting level deeper. */
  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_NESTING) throw new TooDeep();
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private attempt<T>(parse: () => T): T | undefined {
    const saved = this.position;
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof SyntaxFailure)) throw error;
      this.position = saved;
      return undefined;
    }
  }

  private markParenthesized<T extends object>(node: T): T {
    if (this.parenthesized.has(node)) this.redundantParentheses = true;
    this.parenthesized.add(node);
    return node;
  }

  // ---- operands -------------------------------------------------------------------------

  /** operand := '(' operand ')' | call | :value | path */
  operand(): RawOperand {
    if (this.isPunct('(')) {
      this.position++;
      const inner = this.nested(() => this.operand());
      this.expectPunct(')');
      return this.markParenthesized(inner);
    }
    const token = this.peek();
    if (token.kind === 'valueRef') {
      this.position++;
      return { kind: 'valueRef', ref: token.text };
    }
    if (token.kind === 'identifier' && this.isPunct('(', 1) && !this.keywords.has(token.text.toUpperCase())) {
      this.position += 2;
      const args = [this.operand()];
      while (this.isPunct(',')) {
        this.position++;
        args.push(this.operand());
      }
      this.expectPunct(')');
      return { kind: 'call', name: token.text, args };
    }
    return this.path();
  }

  private pathName(): RawPathElement {
    const token = this.peek();
    if (token.kind === 'nameRef') {
      this.position++;
      return { kind: 'nameRef', ref: token.text };
    }
    if (token.kind === 'identifier' && !this.keywords.has(token.text.toUpperCase())) {
      this.position++;
      return { kind: 'name', name: token.text };
    }
    return this.fail();
  }

  /** path := name ( '.' name | '[' integer ']' )* */
  path(): RawOperand & { kind: 'path' } {
    const elements: RawPathElement[] = [this.pathName()];
    for (;;) {
      if (this.isPunct('.')) {
        this.position++;
        elements.push(this.pathName());
      } else if (this.isPunct('[')) {
        this.position++;
        const token = this.peek();
        if (token.kind !== 'integer') this.fail();
        this.position++;
        this.expectPunct(']');
        elements.push({ kind: 'index', index: Number(token.text) });
      } else {
        return { kind: 'path', elements };
      }
    }
  }

  // ---- conditions: OR < AND < NOT < predicates --------------------------------------------

  condition(): RawCondition {
    let left = this.andCondition();
    while (this.isKeyword('OR')) {
      this.position++;
      left = { kind: 'or', left, right: this.andCondition() };
    }
    return left;
  }

  private andCondition(): RawCondition {
    let left = this.notCondition();
    while (this.isKeyword('AND')) {
      this.position++;
      left = { kind: 'and', left, right: this.notCondition() };
    }
    return left;
  }

  private notCondition(): RawCondition {
    if (this.isKeyword('NOT')) {
      this.position++;
      return { kind: 'not', condition: this.notCondition() };
    }
    return this.primaryCondition();
  }

  private primaryCondition(): RawCondition {
    if (this.isPunct('(')) {
      const grouped = this.attempt(() => {
        this.expectPunct('(');
        const inner = this.nested(() => this.condition());
        this.expectPunct(')');
        return inner;
      });
      // `(a) = :v` starts like a group; only a group followed by a comparator is an operand.
      if (grouped && !this.startsPredicateTail()) return this.markParenthesized(grouped);
    }
    return this.predicate();
  }

  private startsPredicateTail(): boolean {
    const token = this.peek();
    return (token.kind === 'punct' && COMPARATORS.has(token.text)) || this.isKeyword('BETWEEN') || this.isKeyword('IN');
  }

  private predicate(): RawCondition {
    const left = this.operand();
    const token = this.peek();
    if (token.kind === 'punct' && COMPARATORS.has(token.text)) {
      this.position++;
      const right = this.operand();
      return { kind: 'comparison', operator: token.text as '=', left, right };
    }
    if (this.isKeyword('BETWEEN')) {
      this.position++;
      const lower = this.operand();
      if (!this.isKeyword('AND')) this.fail();
      this.position++;
      const upper = this.operand();
      return { kind: 'between', operand: left, lower, upper };
    }
    if (this.isKeyword('IN')) {
      this.position++;
      this.expectPunct('(');
      const candidates = [this.operand()];
      while (this.isPunct(',')) {
        this.position++;
        candidates.push(this.operand());
      }
      this.expectPunct(')');
      return { kind: 'in', operand: left, candidates };
    }
    if (left.kind === 'call') return { kind: 'call', call: left };
    return this.fail();
  }

  // ---- update expressions ---------------------------------------------------------------

  updateActions(): Array<{ action: RawUpdateAction; sectionIndex: number }> {
    const actions: Array<{ action: RawUpdateAction; sectionIndex: number }> = [];
    let sectionIndex = 0;
    do {
      const token = this.peek();
      const section = token.text.toUpperCase() as RawUpdateSection;
      if (token.kind !== 'identifier' || !UPDATE_KEYWORDS.has(section)) this.fail();
      this.position++;
      actions.push({ action: this.updateAction(section), sectionIndex });
      while (this.isPunct(',')) {
        this.position++;
        actions.push({ action: this.updateAction(section), sectionIndex });
      }
      sectionIndex++;
    } while (this.peek().kind !== 'eof');
    return actions;
  }

  private updateAction(section: RawUpdateSection): RawUpdateAction {
    const path = this.path();
    if (section === 'REMOVE') return { section, path };
    if (section === 'SET') {
      this.expectPunct('=');
      return { section, path, value: this.setValue() };
    }
    const token = this.peek();
    if (token.kind !== 'valueRef') this.fail();
    this.position++;
    return { section, path, value: { kind: 'valueRef', ref: token.text } };
  }

  /** setValue := operand (('+' | '-') operand)?, optionally in one pair of parentheses. */
  private setValue(): RawOperand {
    const start = this.position;
    if (this.isPunct('(')) {
      const grouped = this.attempt(() => {
        this.expectPunct('(');
        const inner = this.nested(() => this.arithmetic());
        this.expectPunct(')');
        return inner;
      });
      // `(a) + :b` starts like a group too; then the group was only the left operand.
      if (grouped && !this.isPunct('+') && !this.isPunct('-')) return grouped;
      if (grouped) this.position = start;
    }
    return this.arithmetic();
  }

  private arithmetic(): RawOperand {
    const left = this.operand();
    if (this.isPunct('+') || this.isPunct('-')) {
      const operator = this.peek().text as '+' | '-';
      this.position++;
      return { kind: 'arithmetic', operator, left, right: this.operand() };
    }
    return left;
  }

  // ---- projection -----------------------------------------------------------------------

  projection(): Array<RawOperand & { kind: 'path' }> {
    const paths = [this.path()];
    while (this.isPunct(',')) {
      this.position++;
      paths.push(this.path());
    }
    return paths;
  }
}

/** Distinct expression texts kept per language; a busy application uses a few dozen. */
const CACHE_ENTRIES = 500;
type RawConditionParse = { tree: RawCondition; redundantParentheses: boolean; parenthesized: WeakSet<object> };
/** One cache per label (ConditionExpression, FilterExpression, ...): keyed by the text alone, no key string to build. */
const conditionTrees = new Map<string, ParseCache<RawConditionParse>>();
const updateTrees = new ParseCache<Array<{ action: RawUpdateAction; sectionIndex: number }>>(CACHE_ENTRIES);
const projectionTrees = new ParseCache<Array<RawOperand & { kind: 'path' }>>(CACHE_ENTRIES);

/** The syntax tree of a condition-language expression (cached by label and text; frozen). */
export function parseRawCondition(source: string, label: string): RawConditionParse {
  let trees = conditionTrees.get(label);
  if (trees === undefined) conditionTrees.set(label, (trees = new ParseCache<RawConditionParse>(CACHE_ENTRIES)));
  return trees.get(source, () => {
    const parser = new SyntaxParser(source, label, CONDITION_KEYWORDS);
    const tree = parser.run(() => parser.condition());
    return { tree, redundantParentheses: parser.redundantParentheses, parenthesized: parser.parenthesized };
  });
}

/** The actions of an UpdateExpression as written (cached by text; frozen). */
export function parseRawUpdate(source: string): Array<{ action: RawUpdateAction; sectionIndex: number }> {
  return updateTrees.get(source, () => {
    const parser = new SyntaxParser(source, 'UpdateExpression', UPDATE_KEYWORDS);
    return parser.run(() => parser.updateActions());
  });
}

/** The paths of a ProjectionExpression as written (cached by text; frozen). */
export function parseRawProjection(source: string): Array<RawOperand & { kind: 'path' }> {
  return projectionTrees.get(source, () => {
    const parser = new SyntaxParser(source, 'ProjectionExpression', new Set());
    return parser.run(() => parser.projection());
  });
}
