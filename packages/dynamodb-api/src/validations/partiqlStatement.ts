import { validateAttributeValue, type AttributeValue } from '@kuhiro/expressions';
import { parseStatement } from '../partiql/parser.js';
import type { Statement } from '../partiql/statement.js';
import { translateExpressionError } from './itemRequest.js';
import type { MemberSpec } from './spec.js';

/** Members shared by ExecuteStatement, BatchExecuteStatement and ExecuteTransaction entries. */
export const STATEMENT: MemberSpec = { type: 'String', notNull: true, minLength: 1, maxLength: 8192 };
export const PARAMETERS: MemberSpec = { type: { list: { type: 'AttributeValue' } }, minLength: 1 };

/** One statement with its parameters, parsed; AWS's ValidationException when it cannot be. */
export function parseWithParameters(source: string, parameters: unknown[] | undefined): Statement {
  let values: AttributeValue[];
  try {
    values = (parameters ?? []).map((p) => validateAttributeValue(p));
  } catch (err) {
    throw translateExpressionError(err);
  }
  return parseStatement(source, values);
}
