import { describe, it, expect } from '@jest/globals';
import { DEFAULT_EVENT_CONTEXT, type EventContext } from '../../src/events/eventContext.js';
import { clfTime } from '../../src/events/httpEvent.js';
import { itemSize } from '../../src/events/itemSize.js';
import { SAMPLE_EVENTS, sampleEventType } from '../../src/events/sampleEvents.js';
import { expectHttpV2Shape, expectScheduledShape, expectStreamShape } from './eventShapes.js';

const NOW = new Date('2026-03-12T19:03:58.390Z');

function build(type: string, overrides: Partial<EventContext> = {}): Record<string, unknown> {
  return sampleEventType(type)!.build({ ...DEFAULT_EVENT_CONTEXT, now: NOW, ...overrides });
}

describe('sample events', () => {
  it('lists the four types', () => {
    expect(SAMPLE_EVENTS.map((type) => type.name)).toEqual(['apigw-v2', 'function-url', 'dynamodb-stream', 'scheduled']);
  });

  it('apigw-v2: an HTTP API request with the query parsed, cookies split and the body', () => {
    const event = build('apigw-v2', {
      method: 'post',
      path: '/orders/7?expand=items&tag=a&tag=b',
      body: '{"sku":"A1"}',
      headers: { Cookie: 'session=abc; theme=dark', 'X-Custom': 'yes' },
      accountId: '123456789012',
      region: 'eu-west-1',
    });
    expectHttpV2Shape(event);
    expect(event).toMatchObject({
      rawPath: '/orders/7',
      rawQueryString: 'expand=items&tag=a&tag=b',
      queryStringParameters: { expand: 'items', tag: 'a,b' },
      cookies: ['session=abc', 'theme=dark'],
      body: '{"sku":"A1"}',
      requestContext: { accountId: '123456789012', http: { method: 'POST', path: '/orders/7' }, time: '12/Mar/2026:19:03:58 +0000', timeEpoch: NOW.getTime() },
    });
    const headers = event.headers as Record<string, string>;
    expect(headers['x-custom']).toBe('yes');
    expect(headers['content-length']).toBe('12');
    expect(headers.cookie).toBeUndefined();
    const context = event.requestContext as { apiId: string; domainName: string };
    expect(context.domainName).toBe(`${context.apiId}.execute-api.eu-west-1.amazonaws.com`);
    expect(headers.host).toBe(context.domainName);
  });

  it('apigw-v2 without a query, cookies or body leaves those fields out', () => {
    const event = build('apigw-v2');
    expectHttpV2Shape(event);
    expect(event.rawQueryString).toBe('');
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('cookies');
    expect(event).not.toHaveProperty('body');
  });

  it('function-url: a lambda-url domain, a uuid request id and the anonymous account of AuthType NONE', () => {
    const event = build('function-url', { method: 'PUT', path: '/x' });
    expectHttpV2Shape(event);
    const context = event.requestContext as { apiId: string; domainName: string; requestId: string; accountId: string };
    expect(context.apiId).toMatch(/^[a-z0-9]{32}$/);
    expect(context.domainName).toBe(`${context.apiId}.lambda-url.us-east-1.on.aws`);
    expect(context.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(context.accountId).toBe('anonymous');
  });

  it('dynamodb-stream INSERT carries NewImage only, keys from the item', () => {
    const event = build('dynamodb-stream', { table: 'orders', item: { id: 'o1', total: 12.5 }, accountId: '123456789012' });
    expectStreamShape(event);
    const record = (event.Records as Record<string, unknown>[])[0]!;
    expect(record.eventName).toBe('INSERT');
    expect(record.eventSourceARN).toMatch(/^arn:aws:dynamodb:us-east-1:123456789012:table\/orders\/stream\//);
    const dynamodb = record.dynamodb as Record<string, unknown>;
    expect(dynamodb.Keys).toEqual({ id: { S: 'o1' } });
    expect(dynamodb.NewImage).toEqual({ id: { S: 'o1' }, total: { N: '12.5' } });
    expect(dynamodb).not.toHaveProperty('OldImage');
    expect(dynamodb.ApproximateCreationDateTime).toBe(Math.floor(NOW.getTime() / 1000));
  });

  it('dynamodb-stream MODIFY has both images, REMOVE the old one; DynamoDB JSON items are kept as given', () => {
    const modify = build('dynamodb-stream', {
      eventName: 'MODIFY',
      item: { pk: { S: 'u1' }, sk: { S: 'cart' }, n: { N: '2' } },
      oldItem: { pk: { S: 'u1' }, sk: { S: 'cart' }, n: { N: '1' } },
      keyNames: ['pk', 'sk'],
    });
    expectStreamShape(modify);
    const modified = (modify.Records as { dynamodb: Record<string, unknown> }[])[0]!.dynamodb;
    expect(modified.Keys).toEqual({ pk: { S: 'u1' }, sk: { S: 'cart' } });
    expect(modified.NewImage).toEqual({ pk: { S: 'u1' }, sk: { S: 'cart' }, n: { N: '2' } });
    expect(modified.OldImage).toEqual({ pk: { S: 'u1' }, sk: { S: 'cart' }, n: { N: '1' } });

    const remove = build('dynamodb-stream', { eventName: 'REMOVE', item: { id: 'gone' } });
    expectStreamShape(remove);
    const removed = (remove.Records as { dynamodb: Record<string, unknown> }[])[0]!.dynamodb;
    expect(removed.OldImage).toEqual({ id: { S: 'gone' } });
    expect(removed).not.toHaveProperty('NewImage');
  });

  it('dynamodb-stream refuses a key attribute the item lacks', () => {
    expect(() => build('dynamodb-stream', { item: { a: 'x' }, keyNames: ['pk'] })).toThrow('the stream item has no key attribute pk');
  });

  it('scheduled: an EventBridge scheduled event naming its rule', () => {
    const event = build('scheduled', { rule: 'nightly', accountId: '123456789012' });
    expectScheduledShape(event);
    expect(event.time).toBe('2026-03-12T19:03:58Z');
    expect(event.resources).toEqual(['arn:aws:events:us-east-1:123456789012:rule/nightly']);
  });
});

describe('helpers', () => {
  it('clfTime pads day and time', () => {
    expect(clfTime(new Date('2026-01-02T03:04:05Z'))).toBe('02/Jan/2026:03:04:05 +0000');
  });

  it("itemSize follows DynamoDB's sizing rules", () => {
    expect(itemSize({ id: { S: 'abc' } })).toBe(5);
    expect(itemSize({ n: { N: '12345' } })).toBe(1 + 4);
    expect(itemSize({ ok: { BOOL: true } })).toBe(3);
    expect(itemSize({ l: { L: [{ S: 'ab' }] } })).toBe(1 + 3 + 1 + 2);
  });
});
