import { attributeType } from '../attributeValue.js';
import { compareKeyValues } from '../compare.js';
import type { ConditionAst, Operand } from './ast.js';
import { pathText } from './ast.js';
import { resolvePath, undefinedValueMessage, type SubstitutionContext } from './context.js';
import { samePath, valueText } from './operandTypes.js';
import { Problems } from './problems.js';
import type { RawCondition, RawOperand } from './rawAst.js';
import { parseRawCondition } from './syntaxParser.js';

/**
 * AWS reports problems of these categories first, in this order, wherever they appear
 * (as dynalite reproduces it)...
 */
const PRIORITY = ['limits', 'parens', 'unknownFunction', 'misusedFunction', 'reserved', 'predicate'] as const;
type Category = (typeof PRIORITY)[number];

/**
 * ...and then the first predicate, in the order written, that has one of these; within a
 * predicate in this order. AWS "walks the clauses in the order they are written and reports
 * the first problem it meets" (paritysuite/dynamodb-conformance, captured 2026-10).
 */
const PREDICATE_PRIORITY = ['undefined', 'operandCount', 'distinct', 'function'] as const;
type PredicateCategory = (typeof PREDICATE_PRIORITY)[number];

/** Types that <, <=, >, >= and BETWEEN can order. */
const ORDERED_TYPES = new Set(['S', 'N', 'B']);

const ARITY: Record<string, number> = {
  attribute_exists: 1,
  attribute_not_exists: 1,
  attribute_type: 2,
  begins_with: 2,
  contains: 2,
  size: 1,
};
const UPDATE_ONLY_FUNCTIONS = new Set(['if_not_exists', 'list_append']);
const ATTRIBUTE_TYPE_NAMES = ['S', 'N', 'B', 'NULL', 'SS', 'BOOL', 'L', 'BS', 'NS', 'M'];
/** AWS's limits ("Expression parameters" in the DynamoDB service quotas). */
const MAX_IN_OPERANDS = 100;
const MAX_OPERATORS = 300;

/** Operators and functions in a condition, as counted for the 300-operator limit. */
function countOperators(node: RawCondition | RawOperand): number {
  switch (node.kind) {
    case 'and':
    case 'or':
      return 1 + countOperators(node.left) + countOperators(node.right);
    case 'not':
      return 1 + countOperators(node.condition);
    case 'comparison':
      return 1 + countOperators(node.left) + countOperators(node.right);
    case 'between':
      return 1 + countOperators(node.operand) + countOperators(node.lower) + countOperators(node.upper);
    case 'in':
      return 1 + countOperators(node.operand) + node.candidates.reduce((sum, candidate) => sum + countOperators(candidate), 0);
    case 'call':
      return 'call' in node ? countOperators(node.call) : 1 + node.args.reduce((sum, arg) => sum + countOperators(arg), 0);
    default:
      return 0;
  }
}

class ConditionChecker {
  readonly problems = new Problems<Category>(PRIORITY);
  private readonly predicateProblems = new Problems<PredicateCategory>(PREDICATE_PRIORITY);

  constructor(private readonly context: SubstitutionContext) {}

  private add(category: Category | PredicateCategory, message: string): void {
    if ((PREDICATE_PRIORITY as readonly string[]).includes(category)) {
      this.predicateProblems.add(category as PredicateCategory, message);
    } else {
      this.problems.add(category as Category, message);
    }
  }

  /** Checks one predicate; its first problem competes with the other predicates' by order. */
  private predicate<T>(check: () => T): T {
    this.predicateProblems.clear();
    const result = check();
    const problem = this.predicateProblems.first();
    if (problem !== undefined) this.problems.add('predicate', problem);
    this.predicateProblems.clear();
    return result;
  }

  /** `<`, `<=`, `>`, `>=`, BETWEEN only order S, N and B; another literal type is refused. */
  private orderable(operator: string, operands: Operand[]): void {
    for (const operand of operands) {
      if (operand.kind !== 'value') continue;
      const type = attributeType(operand.value);
      if (!ORDERED_TYPES.has(type)) {
        this.incorrectType(operator, type);
        return;
      }
    }
  }

  private functionName(name: string): boolean {
    if (UPDATE_ONLY_FUNCTIONS.has(name)) {
      this.add('unknownFunction', `The function is not allowed in a condition expression; function: ${name}`);
      return false;
    }
    if (ARITY[name] === undefined) {
      this.add('unknownFunction', `Invalid function name; function: ${name}`);
      return false;
    }
    return true;
  }

  private arity(name: string, count: number): void {
    if (ARITY[name] !== count) {
      this.add(
        'operandCount',
        `Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${count}`,
      );
    }
  }

  private incorrectType(name: string, type: string): void {
    this.add('function', `Incorrect operand type for operator or function; operator or function: ${name}, operand type: ${type}`);
  }

  /** An operand of a comparison, BETWEEN, IN or function: only size() may be a call here. */
  operand(raw: RawOperand): Operand {
    if (raw.kind === 'path') {
      return {
        kind: 'path',
        path: resolvePath(raw.elements, this.context, (problem) =>
          this.add(problem.category === 'reserved' ? 'reserved' : 'undefined', problem.message),
        ),
      };
    }
    if (raw.kind === 'valueRef') {
      const value = this.context.value(raw.ref);
      if (value === undefined) this.add('undefined', undefinedValueMessage(raw.ref));
      return { kind: 'value', value: value ?? { NULL: true } };
    }
    if (raw.kind === 'arithmetic') throw new Error('arithmetic is not part of the condition grammar');
    if (this.functionName(raw.name) && raw.name !== 'size') {
      this.add('misusedFunction', `The function is not allowed to be used this way in an expression; function: ${raw.name}`);
    }
    const args = raw.args.map((arg) => this.operand(arg));
    if (raw.name === 'size') {
      this.arity('size', args.length);
      const argument = args[0]!;
      if (argument.kind === 'value') {
        const type = attributeType(argument.value);
        if (type === 'N' || type === 'BOOL' || type === 'NULL') this.incorrectType('size', type);
      }
      return { kind: 'size', operand: argument };
    }
    return args[0]!;
  }

  private distinct(operator: string, first: Operand, second: Operand): void {
    if (first.kind === 'path' && second.kind === 'path' && samePath(first.path, second.path)) {
      this.add(
        'distinct',
        `The first operand must be distinct from the remaining operands for this operator or function; operator: ${operator}, first operand: ${pathText(first.path)}`,
      );
    }
  }

  condition(raw: RawCondition): ConditionAst {
    switch (raw.kind) {
      case 'and':
      case 'or':
        return { kind: raw.kind, left: this.condition(raw.left), right: this.condition(raw.right) };
      case 'not':
        return { kind: 'not', condition: this.condition(raw.condition) };
      case 'comparison':
        return this.predicate(() => {
          const left = this.operand(raw.left);
          const right = this.operand(raw.right);
          this.distinct(raw.operator, left, right);
          if (raw.operator !== '=' && raw.operator !== '<>') this.orderable(raw.operator, [left, right]);
          return { kind: 'comparison', operator: raw.operator, left, right };
        });
      case 'between':
        return this.predicate(() => {
          const operand = this.operand(raw.operand);
          const lower = this.operand(raw.lower);
          const upper = this.operand(raw.upper);
          this.orderable('BETWEEN', [operand, lower, upper]);
          this.betweenBounds(lower, upper);
          return { kind: 'between', operand, lower, upper };
        });
      case 'in':
        return this.predicate(() => {
          const operand = this.operand(raw.operand);
          const candidates = raw.candidates.map((candidate) => this.operand(candidate));
          if (candidates.length > MAX_IN_OPERANDS) {
            this.add('operandCount', `The IN operator is provided with too many operands; number of operands: ${candidates.length}`);
          }
          return { kind: 'in' as const, operand, candidates };
        });
      case 'call':
        return this.predicate(() => this.functionCondition(raw.call));
    }
  }

  private betweenBounds(lower: Operand, upper: Operand): void {
    if (lower.kind !== 'value' || upper.kind !== 'value') return;
    const lowerType = attributeType(lower.value);
    const upperType = attributeType(upper.value);
    const bounds = `lower bound operand: AttributeValue: ${valueText(lower.value)}, upper bound operand: AttributeValue: ${valueText(upper.value)}`;
    if (lowerType !== upperType) {
      this.add('function', `The BETWEEN operator requires same data type for lower and upper bounds; ${bounds}`);
    } else if ((lowerType === 'S' || lowerType === 'N' || lowerType === 'B') && compareKeyValues(lower.value, upper.value) > 0) {
      this.add('function', `The BETWEEN operator requires upper bound to be greater than or equal to lower bound; ${bounds}`);
    }
  }

  private functionCondition(call: RawOperand & { kind: 'call' }): ConditionAst {
    const known = this.functionName(call.name);
    if (call.name === 'size') {
      this.add('misusedFunction', 'The function is not allowed to be used this way in an expression; function: size');
    }
    const args = call.args.map((arg) => this.operand(arg));
    for (const arg of call.args) {
      if (arg.kind === 'call' && arg.name !== 'size' && ARITY[arg.name] !== undefined) {
        this.add('misusedFunction', `The function is not allowed to be used this way in an expression; function: ${arg.name}`);
      }
    }
    const placeholder: ConditionAst = { kind: 'attribute_exists', path: [] };
    if (!known || call.name === 'size') return placeholder;
    this.arity(call.name, args.length);
    if (args.length === 2) this.distinct(call.name, args[0]!, args[1]!);
    const [first, second] = args as [Operand, Operand | undefined];
    switch (call.name) {
      case 'attribute_exists':
      case 'attribute_not_exists':
        if (first.kind !== 'path') {
          this.add('function', `Operator or function requires a document path; operator or function: ${call.name}`);
          return placeholder;
        }
        return { kind: call.name, path: first.path };
      case 'attribute_type': {
        if (!second) return placeholder;
        const typeName = second.kind === 'value' ? second.value : undefined;
        if (!typeName || !('S' in typeName)) {
          this.incorrectType('attribute_type', typeName ? attributeType(typeName) : second.kind === 'size' ? 'N' : '{NS,SS,L,BS,N,M,B,BOOL,NULL,S}');
        } else if (!ATTRIBUTE_TYPE_NAMES.includes(typeName.S)) {
          this.add('function', `Invalid attribute type name found; type: ${typeName.S}, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}`);
        }
        if (first.kind !== 'path') {
          this.add('function', 'Operator or function requires a document path; operator or function: attribute_type');
          return placeholder;
        }
        return { kind: 'attribute_type', path: first.path, type: second };
      }
      case 'begins_with':
        for (const arg of args) {
          const type = arg.kind === 'value' ? attributeType(arg.value) : arg.kind === 'size' ? 'N' : undefined;
          if (type && type !== 'S' && type !== 'B') {
            this.incorrectType('begins_with', type);
            break;
          }
        }
        return second ? { kind: 'begins_with', subject: first, operand: second } : placeholder;
      default:
        return second ? { kind: 'contains', subject: first, operand: second } : placeholder;
    }
  }
}

/** Parses a condition-language expression (Condition, Filter or KeyCondition). */
export function parseCondition(source: string, label: string, context: SubstitutionContext): ConditionAst {
  const { tree, redundantParentheses } = parseRawCondition(source, label);
  const checker = new ConditionChecker(context);
  if (redundantParentheses) checker.problems.add('parens', 'The expression has redundant parentheses;');
  const operators = countOperators(tree);
  if (operators > MAX_OPERATORS) {
    checker.problems.add('limits', `The expression contains too many operators; operator count: ${operators}`);
  }
  const ast = checker.condition(tree);
  checker.problems.throwFirst(label);
  return ast;
}

