// GET <function URL>?name=Ada -> {"message":"Hello, Ada!","hits":N}
// The default SDK client: no endpoint in the code. On AWS it talks to DynamoDB; on a Kuhiro
// node the runtime points it at the node, and `kuhiro switch` moves the app between the two.
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';

const dynamodb = new DynamoDBClient({});
const TABLE_NAME = process.env.TABLE_NAME;

export const handler = async (event) => {
  const name = (event.queryStringParameters && event.queryStringParameters.name) || 'world';
  // ADD is a counter on the edge: concurrent hits at different PoPs all count.
  const result = await dynamodb.send(
    new UpdateItemCommand({
      TableName: TABLE_NAME,
      Key: { name: { S: name } },
      UpdateExpression: 'ADD hits :one',
      ExpressionAttributeValues: { ':one': { N: '1' } },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message: `Hello, ${name}!`, hits: Number(result.Attributes.hits.N) }),
  };
};
