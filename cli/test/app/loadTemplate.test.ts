import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadApp } from '../../src/app/loadTemplate.js';
import { TemplateError } from '../../src/app/templateError.js';
import { HELLO_APP, tempDir } from './appTestKit.js';

let root: string;
let counter = 0;

/** An app directory holding `template` and an empty src/ for CodeUri. */
async function app(template: string, name = `app${++counter}`): Promise<string> {
  const dir = join(root, name);
  await mkdir(join(dir, 'src'), { recursive: true });
  await writeFile(join(dir, 'template.yaml'), template);
  return dir;
}

beforeAll(async () => {
  root = await tempDir('template');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const FUNCTION = `
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: index.handler
      Runtime: nodejs20.x
`;

describe('loadApp (SAM template parsing)', () => {
  it('resolves short and long intrinsic forms to table names, ARNs and parameters', async () => {
    const dir = await app(`
Parameters:
  Stage:
    Type: String
    Default: dev
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      KeySchema: [{AttributeName: pk, KeyType: HASH}, {AttributeName: sk, KeyType: RANGE}]
      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}, {AttributeName: sk, AttributeType: N}]
      BillingMode: PAY_PER_REQUEST
  Named:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Sub "\${Stage}-named"
      KeySchema: [{AttributeName: id, KeyType: HASH}]
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
${FUNCTION}
      Environment:
        Variables:
          SHORT_REF: !Ref Orders
          LONG_REF: { Ref: Orders }
          NAMED: !Ref Named
          ARN: !GetAtt Orders.Arn
          LONG_ARN: { "Fn::GetAtt": [Orders, Arn] }
          SUB: !Sub "\${Orders}/\${Stage}/\${AWS::Region}/\${!Literal}"
          SUB_VARS: !Sub ["\${T}-x", { T: !Ref Named }]
          JOINED: !Join ["|", [!Ref Stage, { "Fn::Select": [1, [a, b, c]] }]]
          LONG_SUB: { "Fn::Sub": "\${AWS::StackName}" }
          NUMBER: 42
`, 'shop');
    const model = await loadApp(dir, { region: 'eu-west-1', accountId: '123456789012' });
    expect(model.stackName).toBe('shop');
    expect(model.tables.map((t) => t.TableName)).toEqual(['shop-Orders', 'dev-named']);
    expect(model.tables[0]!.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }]);
    expect(model.functions[0]!.FunctionName).toBe('shop-Fn');
    expect(model.functions[0]!.Environment).toEqual({
      SHORT_REF: 'shop-Orders',
      LONG_REF: 'shop-Orders',
      NAMED: 'dev-named',
      ARN: 'arn:aws:dynamodb:eu-west-1:123456789012:table/shop-Orders',
      LONG_ARN: 'arn:aws:dynamodb:eu-west-1:123456789012:table/shop-Orders',
      SUB: 'shop-Orders/dev/eu-west-1/${Literal}',
      SUB_VARS: 'dev-named-x',
      JOINED: 'dev|b',
      LONG_SUB: 'shop',
      NUMBER: '42',
    });
    expect(model.warnings).toEqual([]);
  });

  it('names tables <stack>-<LogicalId> with --stack and applies parameter overrides', async () => {
    const dir = await app(`
Parameters:
  Prefix: { Type: String }
Resources:
  Items:
    Type: AWS::Serverless::SimpleTable
    Properties:
      TableName: !Sub "\${Prefix}-items"
  Plain:
    Type: AWS::Serverless::SimpleTable
`);
    const model = await loadApp(dir, { stackName: 'my-stack', parameterOverrides: { Prefix: 'blue' } });
    expect(model.tables.map((t) => t.TableName)).toEqual(['blue-items', 'my-stack-Plain']);
    await expect(loadApp(dir)).rejects.toThrow('parameter Prefix has no Default: give it a value with --parameter Prefix=VALUE');
    await expect(loadApp(dir, { parameterOverrides: { Prefix: 'x', Nope: 'y' } })).rejects.toThrow('parameter override Nope: the template declares no such parameter');
  });

  it("checks parameters against their constraints, never echoing a NoEcho value", async () => {
    const dir = await app(`
Parameters:
  Secret: { Type: String, NoEcho: true, MinLength: 8, AllowedPattern: '[a-z]+' }
  Size: { Type: Number, Default: 3 }
Resources:
  Items:
    Type: AWS::Serverless::SimpleTable
`);
    await expect(loadApp(dir, { parameterOverrides: { Secret: 'short' } })).rejects.toThrow('parameter Secret must be at least 8 characters long');
    const failure = loadApp(dir, { parameterOverrides: { Secret: 'NOT-LOWER-CASE' } });
    await expect(failure).rejects.toThrow('parameter Secret: the value does not match [a-z]+');
    await expect(loadApp(dir, { parameterOverrides: { Secret: 'longenough', Size: 'big' } })).rejects.toThrow('parameter Size: big is not a number');
    await expect(loadApp(dir, { parameterOverrides: { Secret: 'longenough' } })).resolves.toMatchObject({ tables: [{ logicalId: 'Items' }] });
  });

  it('gives SimpleTable its defaults: PrimaryKey id:String, on demand', async () => {
    const dir = await app(`
Resources:
  Sessions:
    Type: AWS::Serverless::SimpleTable
  Counters:
    Type: AWS::Serverless::SimpleTable
    Properties:
      PrimaryKey: { Name: n, Type: Number }
      ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 }
      Tags: { team: core }
`);
    const [sessions, counters] = (await loadApp(dir, { stackName: 's' })).tables;
    expect(sessions).toMatchObject({
      TableName: 's-Sessions',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      Tags: {},
    });
    expect(counters).toMatchObject({
      KeySchema: [{ AttributeName: 'n', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'n', AttributeType: 'N' }],
      BillingMode: 'PROVISIONED',
      ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 },
      Tags: { team: 'core' },
    });
  });

  it('reads GSIs, TTL and tags of AWS::DynamoDB::Table', async () => {
    const dir = await app(`
Resources:
  T:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      KeySchema: [{AttributeName: id, KeyType: HASH}]
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}, {AttributeName: email, AttributeType: S}]
      GlobalSecondaryIndexes:
        - IndexName: byEmail
          KeySchema: [{AttributeName: email, KeyType: HASH}]
          Projection: { ProjectionType: KEYS_ONLY }
      TimeToLiveSpecification: { AttributeName: expiresAt, Enabled: true }
      Tags: [{ Key: kuhiro:replication, Value: all }]
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }
`);
    const model = await loadApp(dir, { stackName: 's' });
    expect(model.tables[0]).toMatchObject({
      GlobalSecondaryIndexes: [{ IndexName: 'byEmail', KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
      TimeToLive: { AttributeName: 'expiresAt', Enabled: true },
      Tags: { 'kuhiro:replication': 'all' },
    });
    expect(model.warnings).toEqual(['resource T (AWS::DynamoDB::Table): property PointInTimeRecoverySpecification is not applied']);
  });

  it('merges Globals into functions: scalars overridden, environment variables combined', async () => {
    const dir = await app(`
Globals:
  Function:
    Runtime: nodejs18.x
    Timeout: 10
    MemorySize: 256
    Environment:
      Variables: { SHARED: g, OVERRIDDEN: g }
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: index.handler
      Runtime: nodejs20.x
      Environment:
        Variables: { OWN: f, OVERRIDDEN: f }
`);
    const fn = (await loadApp(dir, { stackName: 's' })).functions[0]!;
    expect(fn).toMatchObject({ Runtime: 'nodejs20.x', Timeout: 10, MemorySize: 256 });
    expect(fn.Environment).toEqual({ SHARED: 'g', OVERRIDDEN: 'f', OWN: 'f' });
  });

  it('lists unsupported resources and events with their types, one warning each', async () => {
    const dir = await app(`
Resources:
  Queue:
    Type: AWS::SQS::Queue
  Role:
    Type: AWS::IAM::Role
    Properties: {}
${FUNCTION}
      Role: !GetAtt Role.Arn
      Events:
        Http:
          Type: HttpApi
        Nightly:
          Type: Schedule
          Properties: { Schedule: rate(1 day) }
`);
    const model = await loadApp(dir, { stackName: 's' });
    expect(model.warnings).toEqual([
      'resource Queue (AWS::SQS::Queue): resource type AWS::SQS::Queue is not supported by kuhiro deploy; skipped',
      'resource Role (AWS::IAM::Role): resource type AWS::IAM::Role is not supported by kuhiro deploy; skipped',
      'resource Fn (AWS::Serverless::Function): Role not used (cannot resolve !GetAtt Role.Arn)',
      'resource Fn (AWS::Serverless::Function): event Nightly of type Schedule is not supported (no trigger is created)',
    ]);
    // An HttpApi event is served by a public function URL.
    expect(model.functions[0]!.url).toEqual({ AuthType: 'NONE' });
    expect(model.functions[0]!.Role).toBeUndefined();
  });

  it.each([
    ['CodeUri', 'Handler: index.handler\n      Runtime: nodejs20.x', 'resource Broken (AWS::Serverless::Function): CodeUri is required'],
    ['Handler', 'CodeUri: src/\n      Runtime: nodejs20.x', 'resource Broken (AWS::Serverless::Function): Handler is required'],
  ])('refuses a function without %s, naming the resource', async (_missing, properties, message) => {
    const dir = await app(`
Resources:
  Broken:
    Type: AWS::Serverless::Function
    Properties:
      ${properties}
`);
    const failure = loadApp(dir);
    await expect(failure).rejects.toThrow(message);
    await expect(failure).rejects.toBeInstanceOf(TemplateError);
  });

  it('refuses a !Ref to something it cannot resolve, naming where', async () => {
    const dir = await app(`
Resources:
${FUNCTION}
      Environment:
        Variables:
          BUCKET: !Ref NoSuchThing
`);
    await expect(loadApp(dir)).rejects.toThrow('resource Fn (AWS::Serverless::Function): cannot resolve !Ref NoSuchThing');
  });

  it('reads the example app: one table, one function with a URL and TABLE_NAME', async () => {
    const model = await loadApp(HELLO_APP);
    expect(model.stackName).toBe('hello-app');
    expect(model.tables.map((t) => t.TableName)).toEqual(['hello-app-GreetingsTable']);
    expect(model.functions[0]).toMatchObject({ FunctionName: 'hello-app-HelloFunction', Runtime: 'nodejs20.x', url: { AuthType: 'NONE' }, Environment: { TABLE_NAME: 'hello-app-GreetingsTable' } });
    expect(model.warnings).toEqual([]);
  });
});
