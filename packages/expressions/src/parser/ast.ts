import type { AttributeValue } from '../attributeValue.js';
import type { DocumentPath } from '../update/resolvedAction.js';

/** An operand after ExpressionAttributeNames/Values substitution. */
export type Operand =
  | { kind: 'path'; path: DocumentPath }
  | { kind: 'value'; value: AttributeValue }
  /** size(operand): a number, or "no value" when the operand has no size. */
  | { kind: 'size'; operand: Operand };

export type ComparisonOperator = '=' | '<>' | '<' | '<=' | '>' | '>=';

/** ConditionExpression / FilterExpression / KeyConditionExpression tree. */
export type ConditionAst =
  | { kind: 'comparison'; operator: ComparisonOperator; left: Operand; right: Operand }
  | { kind: 'between'; operand: Operand; lower: Operand; upper: Operand }
  | { kind: 'in'; operand: Operand; candidates: Operand[] }
  | { kind: 'and' | 'or'; left: ConditionAst; right: ConditionAst }
  | { kind: 'not'; condition: ConditionAst }
  | { kind: 'attribute_exists' | 'attribute_not_exists'; path: DocumentPath }
  | { kind: 'attribute_type'; path: DocumentPath; type: Operand }
  | { kind: 'begins_with' | 'contains'; subject: Operand; operand: Operand };

/** The right-hand side of a SET action. */
export type UpdateValue =
  | { kind: 'path'; path: DocumentPath }
  | { kind: 'value'; value: AttributeValue }
  | { kind: 'if_not_exists'; path: DocumentPath; fallback: UpdateValue }
  | { kind: 'list_append'; first: UpdateValue; second: UpdateValue }
  | { kind: 'plus' | 'minus'; left: UpdateValue; right: UpdateValue };

export type UpdateClause =
  | { kind: 'SET'; path: DocumentPath; value: UpdateValue }
  | { kind: 'REMOVE'; path: DocumentPath }
  | { kind: 'ADD'; path: DocumentPath; value: AttributeValue }
  | { kind: 'DELETE'; path: DocumentPath; value: AttributeValue };

/** UpdateExpression: its actions in the order written (clauses may come in any order). */
export interface UpdateAst {
  actions: UpdateClause[];
}

/** ProjectionExpression: the requested paths, in order. */
export type ProjectionAst = DocumentPath[];

/** AWS prints document paths in messages as "[a, b, [2]]". */
export function pathText(path: DocumentPath): string {
  return `[${path.map((element) => (typeof element === 'number' ? `[${element}]` : element)).join(', ')}]`;
}
