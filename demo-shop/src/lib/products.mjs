// Product items as stored and as shown: stored items carry index keys the client has no use for.
import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, decodeCursor, encodeCursor, table } from './db.mjs';
import { badRequest } from './http.mjs';
import { integer } from './validate.mjs';

/** Every product shares this partition of the byName index, so one Query can search by prefix. */
export const SEARCH_PARTITION = 'all';

export function publicProduct(item) {
  const { nameLower, searchPartition, ...shown } = item;
  return shown;
}

/** One page of an index query, with a `cursor` for the next page when there is one. */
export async function queryPage({ indexName, keyCondition, names, values, query, defaultLimit = 24 }) {
  const limit = query.limit === undefined ? defaultLimit : integer(query.limit, 'limit', { min: 1, max: 100 });
  const startKey = decodeCursor(query.cursor);
  try {
    const answer = await db().send(
      new QueryCommand({
        TableName: table('products'),
        IndexName: indexName,
        KeyConditionExpression: keyCondition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        Limit: limit,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    return { items: answer.Items.map(publicProduct), cursor: encodeCursor(answer.LastEvaluatedKey) };
  } catch (error) {
    // A cursor from another query (or edited by hand) is the only client input DynamoDB can reject here.
    if (startKey && error.name === 'ValidationException') throw badRequest('The cursor does not belong to this listing.');
    throw error;
  }
}

/** Products by id (BatchGetItem, strongly consistent), retrying unprocessed keys. */
export async function productsById(ids) {
  const found = new Map();
  let keys = [...new Set(ids)].map((productId) => ({ productId }));
  for (let attempt = 0; keys.length > 0; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
    const batch = keys.slice(0, 100);
    const answer = await db().send(
      new BatchGetCommand({ RequestItems: { [table('products')]: { Keys: batch, ConsistentRead: true } } }),
    );
    for (const item of answer.Responses?.[table('products')] ?? []) found.set(item.productId, item);
    keys = [...(answer.UnprocessedKeys?.[table('products')]?.Keys ?? []), ...keys.slice(100)];
    if (attempt > 8) throw new Error('BatchGetItem kept returning unprocessed keys.');
  }
  return found;
}
