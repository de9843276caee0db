import { expect } from '@jest/globals';

/** Asserts the fields Lambda's payload format 2.0 always has, with their types. */
export function expectHttpV2Shape(event: Record<string, unknown>): void {
  expect(event).toMatchObject({
    version: '2.0',
    routeKey: '$default',
    rawPath: expect.stringMatching(/^\//),
    rawQueryString: expect.any(String),
    headers: expect.any(Object),
    isBase64Encoded: false,
    requestContext: {
      accountId: expect.any(String),
      apiId: expect.stringMatching(/^[a-z0-9]+$/),
      domainName: expect.any(String),
      domainPrefix: expect.any(String),
      http: { method: expect.any(String), path: expect.any(String), protocol: 'HTTP/1.1', sourceIp: expect.any(String), userAgent: expect.any(String) },
      requestId: expect.any(String),
      routeKey: '$default',
      stage: '$default',
      time: expect.stringMatching(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/),
      timeEpoch: expect.any(Number),
    },
  });
  const headers = event.headers as Record<string, string>;
  for (const name of Object.keys(headers)) expect(name).toBe(name.toLowerCase());
  expect(Object.values(headers).every((value) => typeof value === 'string')).toBe(true);
}

export function expectStreamShape(event: Record<string, unknown>): void {
  expect(event).toEqual({
    Records: [
      {
        eventID: expect.stringMatching(/^[0-9a-f]{32}$/),
        eventName: expect.stringMatching(/^(INSERT|MODIFY|REMOVE)$/),
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: expect.any(String),
        dynamodb: expect.objectContaining({
          ApproximateCreationDateTime: expect.any(Number),
          Keys: expect.any(Object),
          SequenceNumber: expect.stringMatching(/^\d{21,40}$/),
          SizeBytes: expect.any(Number),
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        }),
        eventSourceARN: expect.stringMatching(/^arn:aws:dynamodb:[a-z0-9-]+:\d{12}:table\/[\w.-]+\/stream\/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/),
      },
    ],
  });
}

export function expectScheduledShape(event: Record<string, unknown>): void {
  expect(event).toEqual({
    version: '0',
    id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: expect.stringMatching(/^\d{12}$/),
    time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
    region: expect.any(String),
    resources: [expect.stringMatching(/^arn:aws:events:[a-z0-9-]+:\d{12}:rule\/.+$/)],
    detail: {},
  });
}
