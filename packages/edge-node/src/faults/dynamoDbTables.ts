/**
 * The tables a DynamoDB request names, for matching a fault rule's `target`. Read leniently
 * from the raw input (it is not validated yet): a malformed request simply names no table.
 * A table ARN counts as its name. PartiQL statements are read for the table after
 * FROM / INTO / UPDATE (enough for the statements DynamoDB accepts).
 */
export function tablesOfRequest(input: unknown): string[] {
  if (!isObject(input)) return [];
  const tables: string[] = [];
  const add = (name: unknown) => {
    if (typeof name === 'string' && name !== '') tables.push(tableName(name));
  };
  add(input.TableName);
  if (isObject(input.RequestItems)) for (const name of Object.keys(input.RequestItems)) add(name);
  if (Array.isArray(input.TransactItems)) {
    for (const item of input.TransactItems) {
      if (!isObject(item)) continue;
      for (const part of Object.values(item)) if (isObject(part)) add(part.TableName);
    }
  }
  add(statementTable(input.Statement));
  for (const list of [input.Statements, input.TransactStatements]) {
    if (Array.isArray(list)) for (const statement of list) if (isObject(statement)) add(statementTable(statement.Statement));
  }
  // Stream and resource ARNs (TagResource, DescribeStream...) name their table too.
  for (const arn of [input.ResourceArn, input.StreamArn]) if (typeof arn === 'string') add(/:table\/([^/]+)/.exec(arn)?.[1]);
  return tables;
}

function tableName(nameOrArn: string): string {
  const match = /^arn:[^:]+:dynamodb:[^:]*:[^:]*:table\/([^/]+)/.exec(nameOrArn);
  return match ? match[1]! : nameOrArn;
}

function statementTable(statement: unknown): string | undefined {
  if (typeof statement !== 'string') return undefined;
  const match = /\b(?:from|into|update)\s+(?:"([^"]+)"|([A-Za-z0-9_.-]+))/i.exec(statement);
  return match ? (match[1] ?? match[2]) : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
