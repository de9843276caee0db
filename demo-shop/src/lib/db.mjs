// The DynamoDB document client and the table names, all from the environment.
// No endpoint here on purpose: on AWS the SDK finds the real service, and on a Kuhiro node the
// runtime sets AWS_ENDPOINT_URL, so the same code runs on both.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { badRequest } from './http.mjs';

let documentClient;

export function db() {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
}

const TABLE_VARIABLES = {
  products: 'PRODUCTS_TABLE',
  taxonomy: 'TAXONOMY_TABLE',
  users: 'USERS_TABLE',
  sessions: 'SESSIONS_TABLE',
  carts: 'CARTS_TABLE',
  orders: 'ORDERS_TABLE',
};

/** The table's name from its environment variable (set by template.yaml with !Ref). */
export function table(kind) {
  const variable = TABLE_VARIABLES[kind];
  const name = process.env[variable];
  if (!name) throw new Error(`The environment variable ${variable} is not set.`);
  return name;
}

/** Secrets come from the environment; a missing one is a deployment error, not a client error. */
export function secret(variable) {
  const value = process.env[variable];
  if (!value) throw new Error(`The environment variable ${variable} is not set.`);
  return value;
}

/** Pagination cursors are the LastEvaluatedKey, base64url JSON, opaque to clients. */
export function encodeCursor(lastEvaluatedKey) {
  return lastEvaluatedKey ? Buffer.from(JSON.stringify(lastEvaluatedKey)).toString('base64url') : undefined;
}

export function decodeCursor(cursor) {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const key = JSON.parse(Buffer.from(String(cursor), 'base64url').toString('utf8'));
    if (key && typeof key === 'object' && !Array.isArray(key)) return key;
  } catch {
    // fall through to the error below
  }
  throw badRequest('The cursor is not one this shop handed out.');
}
