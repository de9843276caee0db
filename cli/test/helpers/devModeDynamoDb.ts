import { request } from 'node:http';

export interface DynamoDbAnswer {
  status: number;
  body: Record<string, unknown>;
}

function amzDate(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * A DynamoDB call to a node in development mode. Its signature is not checked there (any key
 * works), but the SigV4 header must still be well formed and scoped to the node's region.
 */
export function devModeCall(baseUrl: string, operation: string, input: unknown): Promise<DynamoDbAnswer> {
  const date = amzDate(new Date());
  const body = Buffer.from(JSON.stringify(input));
  const headers = {
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': `DynamoDB_20120810.${operation}`,
    'x-amz-date': date,
    authorization: `AWS4-HMAC-SHA256 Credential=AKIDTEST/${date.slice(0, 8)}/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
    'content-length': String(body.length),
  };
  return new Promise((resolve, reject) => {
    const req = request(new URL('/', baseUrl), { method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
