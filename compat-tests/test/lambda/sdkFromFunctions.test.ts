import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createKeyTable } from '@kuhiro/compat-tests';
import { startLambdaTarget, type LambdaTarget } from './lambdaTarget.js';

const SLOW = 300_000;
let t: LambdaTarget;

beforeAll(async () => {
  t = await startLambdaTarget();
}, SLOW);
afterAll(async () => t?.stop(), SLOW);

/**
 * Unchanged function code reaches DynamoDB with the SDK the runtime provides: on AWS the regional
 * endpoint and the execution role, on the edge node the node itself (the role needs
 * dynamodb:PutItem/GetItem on the suite's tables on AWS).
 */
describe('AWS SDK v3 inside functions', () => {
  it.each([
    ['CommonJS require', 'index.js', `const { DynamoDBClient, PutItemCommand, GetItemCommand } = require('@aws-sdk/client-dynamodb');
      exports.handler = async (event) => {
        const client = new DynamoDBClient({});
        await client.send(new PutItemCommand({ TableName: event.table, Item: { pk: { S: event.key }, via: { S: 'cjs' } } }));
        return (await client.send(new GetItemCommand({ TableName: event.table, Key: { pk: { S: event.key } }, ConsistentRead: true }))).Item;
      };`],
    ['ES module import', 'index.mjs', `import { DynamoDBClient, PutItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
      export const handler = async (event) => {
        const client = new DynamoDBClient({});
        await client.send(new PutItemCommand({ TableName: event.table, Item: { pk: { S: event.key }, via: { S: 'esm' } } }));
        return (await client.send(new GetItemCommand({ TableName: event.table, Key: { pk: { S: event.key } }, ConsistentRead: true }))).Item;
      };`],
  ])('writes and reads an item through %s', async (label, file, source) => {
    const table = await createKeyTable(t.target, `sdk-${file.replace('.', '-')}`);
    const name = await t.createFunction(`sdk-${file.replace('.', '-')}`, { [file]: source }, { Timeout: 30 });
    const { output, payload } = await t.invoke({ FunctionName: name, Payload: Buffer.from(JSON.stringify({ table, key: label })) });
    expect(output.FunctionError).toBeUndefined();
    expect(payload).toEqual({ pk: { S: label }, via: { S: file.endsWith('.mjs') ? 'esm' : 'cjs' } });
  }, SLOW);
});
