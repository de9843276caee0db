import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, DescribeTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { startTarget, targetKind, createKeyTable, expectAwsError, expectResourceNotFound, type Target, type Credentials } from '@kuhiro/compat-tests';

// Accounts come from the node's credentials file (packages/edge-node/README.md), which AWS has no
// equivalent of, so this file runs only against the edge node.
const describeEdge = targetKind() === 'aws' ? describe.skip : describe;
const SLOW = 120_000;

const alice: Credentials = { accessKeyId: 'AKIAALICE00000000001', secretAccessKey: 'alice-secret' };
const bob: Credentials = { accessKeyId: 'AKIABOB0000000000001', secretAccessKey: 'bob-secret' };

describeEdge('edge node only (AWS has no credentials file): tenants and SigV4 with a credentials file', () => {
  let target: Target;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kuhiro-compat-creds-'));
    const credentialsFile = join(dir, 'credentials.json');
    await writeFile(
      credentialsFile,
      JSON.stringify({
        accounts: [
          { accountId: '111111111111', name: 'alice', keys: [alice] },
          { accountId: '222222222222', name: 'bob', keys: [bob] },
        ],
      }),
    );
    target = await startTarget({ credentialsFile });
  }, SLOW);
  afterAll(async () => {
    await target?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, SLOW);

  it('gives each account its own tables, as separate AWS accounts have', async () => {
    const asAlice = target.dynamodb(alice);
    const asBob = target.dynamodb(bob);
    const aliceTarget = { ...target, dynamodb: () => asAlice };
    const name = await createKeyTable(aliceTarget, 'tenant-table');
    const { Table } = await asAlice.send(new DescribeTableCommand({ TableName: name }));
    expect(Table!.TableArn).toBe(`arn:aws:dynamodb:${target.region}:111111111111:table/${name}`);
    expect((await asAlice.send(new ListTablesCommand({}))).TableNames).toContain(name);
    expect((await asBob.send(new ListTablesCommand({}))).TableNames).not.toContain(name);
    await expectResourceNotFound(asBob.send(new DescribeTableCommand({ TableName: name })), `Requested resource not found: Table: ${name} not found`);
    // Bob may create a table of the same name in his own account.
    const bobTarget = { ...target, dynamodb: () => asBob };
    await createKeyTable(bobTarget, 'tenant-table');
    const bobs = await asBob.send(new DescribeTableCommand({ TableName: name }));
    expect(bobs.Table!.TableArn).toBe(`arn:aws:dynamodb:${target.region}:222222222222:table/${name}`);
  });

  it('refuses a wrong secret with InvalidSignatureException', async () => {
    await expectAwsError(
      target.dynamodb({ ...alice, secretAccessKey: 'wrong' }).send(new ListTablesCommand({})),
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  });

  it('refuses an unknown access key with UnrecognizedClientException', async () => {
    await expectAwsError(
      target.dynamodb({ accessKeyId: 'AKIAUNKNOWN000000001', secretAccessKey: 'x' }).send(new ListTablesCommand({})),
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  });

  it('refuses a request signed for another region instead of serving it', async () => {
    const otherRegion = new DynamoDBClient({ endpoint: target.endpoint, region: 'eu-west-3', credentials: alice, maxAttempts: 1 });
    try {
      await expectAwsError(otherRegion.send(new ListTablesCommand({})), 'InvalidSignatureException', /Credential should be scoped to a valid region/);
    } finally {
      otherRegion.destroy();
    }
  });
});

describeEdge('edge node only (AWS has no development mode): without a credentials file every key shares one namespace', () => {
  let target: Target;
  beforeAll(async () => {
    target = await startTarget();
  }, SLOW);
  afterAll(async () => target?.stop(), SLOW);

  it('shows tables created with one key to any other key', async () => {
    const first = target.dynamodb({ accessKeyId: 'AKIAFIRST00000000001', secretAccessKey: 'one' });
    const second = target.dynamodb({ accessKeyId: 'AKIASECOND0000000001', secretAccessKey: 'two' });
    const name = await createKeyTable({ ...target, dynamodb: () => first }, 'shared');
    expect((await second.send(new ListTablesCommand({}))).TableNames).toContain(name);
    const { Table } = await second.send(new DescribeTableCommand({ TableName: name }));
    expect(Table!.TableName).toBe(name);
  });
});
