import { attributeType } from '../attributeValue.js';
import type { DocumentPath } from '../update/resolvedAction.js';
import type { UpdateAst, UpdateClause, UpdateValue } from './ast.js';
import { pathText } from './ast.js';
import { resolvePath, undefinedValueMessage, type SubstitutionContext } from './context.js';
import { UPDATE_TYPE_NAMES } from './operandTypes.js';
import { Problems } from './problems.js';
import type { RawOperand } from './rawAst.js';
import { parseRawUpdate } from './syntaxParser.js';

/** AWS's priority among UpdateExpression problems (as dynalite reproduces it). */
const PRIORITY = [
  'reserved',
  'unknownFunction',
  'section',
  'undefinedName',
  'undefinedValue',
  'pathOverlap',
  'pathConflict',
  'operand',
  'function',
] as const;
type Category = (typeof PRIORITY)[number];

const ARITY: Record<string, number> = { if_not_exists: 2, list_append: 2 };
const CONDITION_FUNCTIONS = new Set(['attribute_exists', 'attribute_not_exists', 'attribute_type', 'begins_with', 'contains', 'size']);

/**
 * Two paths overlap when one is a prefix of the other (or they are equal); they conflict
 * when at the first differing position one has a map key and the other a list index.
 */
export function comparePaths(one: DocumentPath, two: DocumentPath): 'overlap' | 'conflict' | undefined {
  for (let i = 0; i < one.length && i < two.length; i++) {
    if (typeof one[i] !== typeof two[i]) return 'conflict';
    if (one[i] !== two[i]) return undefined;
  }
  return 'overlap';
}

class UpdateChecker {
  readonly problems = new Problems<Category>(PRIORITY);
  private readonly seenPaths: DocumentPath[] = [];

  constructor(private readonly context: SubstitutionContext) {}

  path(raw: RawOperand & { kind: 'path' }): DocumentPath {
    return resolvePath(raw.elements, this.context, (problem) =>
      this.problems.add(problem.category === 'reserved' ? 'reserved' : 'undefinedName', problem.message),
    );
  }

  private value(ref: string) {
    const value = this.context.value(ref);
    if (value === undefined) this.problems.add('undefinedValue', undefinedValueMessage(ref));
    return value ?? { NULL: true as const };
  }

  target(path: DocumentPath): void {
    for (const earlier of this.seenPaths) {
      const relation = comparePaths(earlier, path);
      if (relation === 'overlap') {
        this.problems.add(
          'pathOverlap',
          `Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${pathText(earlier)}, path two: ${pathText(path)}`,
        );
      } else if (relation === 'conflict') {
        this.problems.add(
          'pathConflict',
          `Two document paths conflict with each other; must remove or rewrite one of these paths; path one: ${pathText(earlier)}, path two: ${pathText(path)}`,
        );
      }
    }
    this.seenPaths.push(path);
  }

  private incorrectType(name: string, type: string): void {
    this.problems.add('function', `Incorrect operand type for operator or function; operator or function: ${name}, operand type: ${type}`);
  }

  /** The static type of an operand when it is a literal value. */
  private literalType(value: UpdateValue): string | undefined {
    return value.kind === 'value' ? attributeType(value.value) : undefined;
  }

  setValue(raw: RawOperand): UpdateValue {
    switch (raw.kind) {
      case 'path':
        return { kind: 'path', path: this.path(raw) };
      case 'valueRef':
        return { kind: 'value', value: this.value(raw.ref) };
      case 'arithmetic': {
        const left = this.setValue(raw.left);
        const right = this.setValue(raw.right);
        for (const operand of [left, right]) {
          const type = this.literalType(operand);
          if (type && type !== 'N') {
            this.incorrectType(raw.operator, type);
            break;
          }
        }
        return { kind: raw.operator === '+' ? 'plus' : 'minus', left, right };
      }
      case 'call': {
        if (CONDITION_FUNCTIONS.has(raw.name)) {
          this.problems.add('unknownFunction', `The function is not allowed in an update expression; function: ${raw.name}`);
        } else if (ARITY[raw.name] === undefined) {
          this.problems.add('unknownFunction', `Invalid function name; function: ${raw.name}`);
        }
        const args = raw.args.map((arg) => this.setValue(arg));
        const placeholder: UpdateValue = { kind: 'value', value: { NULL: true } };
        if (ARITY[raw.name] === undefined) return placeholder;
        if (args.length !== 2) {
          this.problems.add(
            'function',
            `Incorrect number of operands for operator or function; operator or function: ${raw.name}, number of operands: ${args.length}`,
          );
          return placeholder;
        }
        const [first, second] = args as [UpdateValue, UpdateValue];
        if (raw.name === 'if_not_exists') {
          if (first.kind !== 'path') {
            this.problems.add('function', 'Operator or function requires a document path; operator or function: if_not_exists');
            return placeholder;
          }
          return { kind: 'if_not_exists', path: first.path, fallback: second };
        }
        for (const operand of args) {
          const type = this.literalType(operand);
          if (type && type !== 'L') {
            this.incorrectType('list_append', type);
            break;
          }
        }
        return { kind: 'list_append', first, second };
      }
    }
  }

  addOrDelete(section: 'ADD' | 'DELETE', ref: string) {
    const value = this.value(ref);
    const type = attributeType(value);
    const allowed = section === 'ADD' ? ['N', 'SS', 'NS', 'BS'] : ['SS', 'NS', 'BS'];
    if (this.context.values[ref] !== undefined && !allowed.includes(type)) {
      this.problems.add('operand', `Incorrect operand type for operator or function; operator: ${section}, operand type: ${UPDATE_TYPE_NAMES[type]}`);
    }
    return value;
  }
}

/** Parses and checks an UpdateExpression. */
export function parseUpdate(source: string, context: SubstitutionContext): UpdateAst {
  const raw = parseRawUpdate(source);
  const checker = new UpdateChecker(context);
  const sectionOf = new Map<string, number>();
  const actions: UpdateClause[] = [];
  for (const { action, sectionIndex } of raw) {
    const first = sectionOf.get(action.section);
    if (first === undefined) sectionOf.set(action.section, sectionIndex);
    else if (first !== sectionIndex) {
      checker.problems.add('section', `The "${action.section}" section can only be used once in an update expression;`);
    }
    const path = checker.path(action.path);
    checker.target(path);
    switch (action.section) {
      case 'SET':
        actions.push({ kind: 'SET', path, value: checker.setValue(action.value) });
        break;
      case 'REMOVE':
        actions.push({ kind: 'REMOVE', path });
        break;
      default:
        actions.push({ kind: action.section, path, value: checker.addOrDelete(action.section, action.value.ref) });
    }
  }
  checker.problems.throwFirst('UpdateExpression');
  return { actions };
}
