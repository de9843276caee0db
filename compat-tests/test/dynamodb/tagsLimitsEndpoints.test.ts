import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import {
  DescribeEndpointsCommand,
  DescribeLimitsCommand,
  DescribeTableCommand,
  ListTagsOfResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type DynamoDBClient,
  type Tag,
} from '@aws-sdk/client-dynamodb';
import { startTarget, createKeyTable, expectResourceNotFound, type Target } from '@kuhiro/compat-tests';

const SLOW = 180_000;
let target: Target;
let ddb: DynamoDBClient;

beforeAll(async () => {
  target = await startTarget();
  ddb = target.dynamodb();
}, SLOW);
afterAll(async () => target?.stop(), SLOW);

/** AWS applies tags asynchronously (documented as eventually consistent): poll briefly. */
async function tagsEventually(ResourceArn: string, expected: Tag[]): Promise<void> {
  const sortTags = (tags: Tag[]) => [...tags].sort((x, y) => x.Key!.localeCompare(y.Key!));
  let seen: Tag[] = [];
  for (let attempt = 0; attempt < 20; attempt++) {
    seen = (await ddb.send(new ListTagsOfResourceCommand({ ResourceArn }))).Tags ?? [];
    if (JSON.stringify(sortTags(seen)) === JSON.stringify(sortTags(expected))) break;
    if (target.kind === 'edge') break; // the node applies tags synchronously
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  expect(sortTags(seen)).toEqual(sortTags(expected));
}

describe('TagResource / UntagResource / ListTagsOfResource', () => {
  it('adds, overwrites and removes tags by table ARN', async () => {
    const name = await createKeyTable(target, 'tagged');
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: name }));
    const arn = Table!.TableArn!;
    await tagsEventually(arn, []);
    await ddb.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'team', Value: 'edge' }, { Key: 'kuhiro:replication', Value: 'all' }] }));
    await tagsEventually(arn, [{ Key: 'team', Value: 'edge' }, { Key: 'kuhiro:replication', Value: 'all' }]);
    await ddb.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'team', Value: 'core' }] }));
    await tagsEventually(arn, [{ Key: 'team', Value: 'core' }, { Key: 'kuhiro:replication', Value: 'all' }]);
    await ddb.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['team', 'not-there'] }));
    await tagsEventually(arn, [{ Key: 'kuhiro:replication', Value: 'all' }]);
  }, SLOW);

  it('answers ResourceNotFoundException for a table ARN that does not exist', async () => {
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: await createKeyTable(target, 'arn-source') }));
    const missingArn = Table!.TableArn!.replace(/arn-source$/, 'arn-missing');
    // "ResourcArn" (sic) is AWS's own spelling in this message, recorded by dynalite's suite.
    await expectResourceNotFound(
      ddb.send(new ListTagsOfResourceCommand({ ResourceArn: missingArn })),
      `Requested resource not found: ResourcArn: ${missingArn} not found`,
    );
  }, SLOW);
});

describe('DescribeLimits', () => {
  it('reports account and table capacity limits', async () => {
    const limits = await ddb.send(new DescribeLimitsCommand({}));
    for (const key of ['AccountMaxReadCapacityUnits', 'AccountMaxWriteCapacityUnits', 'TableMaxReadCapacityUnits', 'TableMaxWriteCapacityUnits'] as const) {
      expect(limits[key]).toBeGreaterThan(0);
    }
    expect(limits.TableMaxReadCapacityUnits!).toBeLessThanOrEqual(limits.AccountMaxReadCapacityUnits!);
    expect(limits.TableMaxWriteCapacityUnits!).toBeLessThanOrEqual(limits.AccountMaxWriteCapacityUnits!);
  });
});

describe('DescribeEndpoints', () => {
  it('names one endpoint with the 1440-minute cache period AWS documents', async () => {
    const { Endpoints } = await ddb.send(new DescribeEndpointsCommand({}));
    expect(Endpoints).toHaveLength(1);
    expect(Endpoints![0]!.CachePeriodInMinutes).toBe(1440);
    // A node answers as DynamoDB Local does, with AWS's regional host: SDKs that were given an
    // explicit endpoint keep using it and never run endpoint discovery against that address.
    expect(Endpoints![0]!.Address).toBe(`dynamodb.${target.region}.amazonaws.com`);
  });
});
