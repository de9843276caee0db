import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { accountInText } from '../../src/app/callerAccount.js';
import { deployApp } from '../../src/app/deployApp.js';
import { loadApp } from '../../src/app/loadTemplate.js';
import { resolveTarget, type Target } from '../../src/app/target.js';
import { startNodeProcess, stopNodeProcess, type NodeChild } from '../helpers/nodeProcess.js';
import { HELLO_APP, isolatedAwsEnv, tempDir } from './appTestKit.js';

// One node with two accounts: deploying as account A to it as "edge" and as account B to it as
// the stand-in for AWS must put each caller's own account into the ARNs the functions get.
const EDGE_ACCOUNT = { accountId: '111122223333', keys: { accessKeyId: 'AKIDEDGEACCOUNT', secretAccessKey: 'edge-secret' } };
const AWS_ACCOUNT = { accountId: '444455556666', keys: { accessKeyId: 'AKIDAWSACCOUNT', secretAccessKey: 'aws-secret' } };

const TEMPLATE = `
Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: index.handler
      Runtime: nodejs20.x
      Environment:
        Variables:
          ORDERS_ARN: !GetAtt Orders.Arn
          ACCOUNT: !Sub '\${AWS::AccountId}'
          STREAM_POLICY: !Sub 'arn:aws:iam::\${AWS::AccountId}:policy/orders'
`;

let root: string;
let node: NodeChild | undefined;

beforeAll(async () => {
  root = await tempDir('account');
  const credentials = join(root, 'credentials.json');
  await writeFile(credentials, JSON.stringify({ accounts: [
    { accountId: EDGE_ACCOUNT.accountId, name: 'edge', keys: [EDGE_ACCOUNT.keys] },
    { accountId: AWS_ACCOUNT.accountId, name: 'aws', keys: [AWS_ACCOUNT.keys] },
  ] }));
  node = await startNodeProcess(['--port', '0', '--data', join(root, 'node'), '--credentials', credentials, '--log-level', 'warn'], 30_000);
}, 60_000);

afterAll(async () => {
  await stopNodeProcess(node);
  await rm(root, { recursive: true, force: true });
});

async function appDir(name: string): Promise<string> {
  const dir = join(root, name);
  await mkdir(join(dir, 'src'), { recursive: true });
  await writeFile(join(dir, 'template.yaml'), TEMPLATE);
  await writeFile(join(dir, 'src', 'index.mjs'), 'export const handler = async () => ({ statusCode: 200, body: process.env.ACCOUNT });\n');
  return dir;
}

async function deployedEnvironment(target: Target, account: typeof EDGE_ACCOUNT, name: string): Promise<{ variables: Record<string, string>; tableArn: string; functionArn: string }> {
  await deployApp({ appDir: await appDir(name), target, roleArn: `arn:aws:iam::${account.accountId}:role/app`, out: () => undefined, warn: () => undefined });
  const config = { endpoint: node!.url, region: 'us-east-1', credentials: account.keys };
  const lambda = new LambdaClient(config);
  const dynamodb = new DynamoDBClient(config);
  try {
    const fn = (await lambda.send(new GetFunctionCommand({ FunctionName: `${name}-Fn` }))).Configuration!;
    const table = (await dynamodb.send(new DescribeTableCommand({ TableName: `${name}-Orders` }))).Table!;
    return { variables: fn.Environment!.Variables!, tableArn: table.TableArn!, functionArn: fn.FunctionArn! };
  } finally {
    lambda.destroy();
    dynamodb.destroy();
  }
}

describe('ARNs and AWS::AccountId carry the caller\'s real account', () => {
  it('on the edge: the account of the caller\'s tenant, as the node reports it', async () => {
    const env = isolatedAwsEnv(root, { AWS_ACCESS_KEY_ID: EDGE_ACCOUNT.keys.accessKeyId, AWS_SECRET_ACCESS_KEY: EDGE_ACCOUNT.keys.secretAccessKey });
    const target = resolveTarget('edge', { endpoint: node!.url }, env);
    const { variables, tableArn, functionArn } = await deployedEnvironment(target, EDGE_ACCOUNT, 'edge-app');
    expect(variables).toEqual({
      ORDERS_ARN: tableArn,
      ACCOUNT: EDGE_ACCOUNT.accountId,
      STREAM_POLICY: `arn:aws:iam::${EDGE_ACCOUNT.accountId}:policy/orders`,
    });
    expect(tableArn).toBe(`arn:aws:dynamodb:us-east-1:${EDGE_ACCOUNT.accountId}:table/edge-app-Orders`);
    expect(functionArn).toContain(`:${EDGE_ACCOUNT.accountId}:function:edge-app-Fn`);
  }, 60_000);

  it('on AWS (a stand-in node): the account of the credentials used', async () => {
    const env = isolatedAwsEnv(root, { KUHIRO_AWS_ENDPOINT: node!.url });
    const target: Target = { ...resolveTarget('aws', {}, env), credentials: AWS_ACCOUNT.keys };
    const { variables, tableArn } = await deployedEnvironment(target, AWS_ACCOUNT, 'aws-app');
    expect(variables).toEqual({
      ORDERS_ARN: `arn:aws:dynamodb:us-east-1:${AWS_ACCOUNT.accountId}:table/aws-app-Orders`,
      ACCOUNT: AWS_ACCOUNT.accountId,
      STREAM_POLICY: `arn:aws:iam::${AWS_ACCOUNT.accountId}:policy/orders`,
    });
    expect(tableArn).toBe(variables.ORDERS_ARN);
  }, 60_000);

  it('looks the account up only when the template uses it', async () => {
    let lookups = 0;
    const lookup = async () => {
      lookups++;
      return '777788889999';
    };
    const hello = await loadApp(HELLO_APP, { accountId: lookup });
    expect(lookups).toBe(0);
    expect(hello.functions[0]!.Environment).toEqual({ TABLE_NAME: 'hello-app-GreetingsTable' });
    const withArns = await loadApp(await appDir('lookup-app'), { accountId: lookup });
    expect(lookups).toBe(1);
    expect(withArns.functions[0]!.Environment).toMatchObject({ ACCOUNT: '777788889999', ORDERS_ARN: 'arn:aws:dynamodb:us-east-1:777788889999:table/lookup-app-Orders' });
  });

  it('reads the account from an ARN in an answer or an error message', () => {
    expect(accountInText('Function not found: arn:aws:lambda:us-west-2:123456789012:function:my-function')).toBe('123456789012');
    expect(accountInText('arn:aws-cn:lambda:cn-north-1:210987654321:function:f:3')).toBe('210987654321');
    expect(accountInText('Function not found: my-function')).toBeUndefined();
  });
});
