import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

/** One DynamoDB JSON 1.0 request, signed ahead of time so the load loop only writes bytes. */
export interface SignedRequest {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

/** The hash the SDK's signer needs (its Checksum shape), on node:crypto (HMAC when given a secret). */
export class NodeSha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
  reset(): void {
    throw new Error('not needed by SignatureV4');
  }
}

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data as ArrayBuffer);
}

/**
 * Signs with the AWS SDK's own SigV4 signer (@smithy/signature-v4), once per request body, for
 * both targets alike: neither dynalite nor a development-mode node verifies the signature, but
 * both get the same well-formed, fully signed requests a real SDK sends.
 */
export class RequestSigner {
  private readonly signer: SignatureV4;
  constructor(
    private readonly endpoint: URL,
    region = 'us-east-1',
  ) {
    this.signer = new SignatureV4({
      service: 'dynamodb',
      region,
      credentials: { accessKeyId: 'AKIAKUHIROBENCH00001', secretAccessKey: 'kuhiro-bench-secret' },
      sha256: NodeSha256,
    });
  }

  async sign(action: string, input: unknown): Promise<SignedRequest> {
    const body = Buffer.from(JSON.stringify(input));
    const signed = await this.signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: this.endpoint.hostname,
      port: Number(this.endpoint.port),
      path: '/',
      headers: {
        host: this.endpoint.host,
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDB_20120810.${action}`,
        'content-length': String(body.length),
      },
      body,
    });
    return { path: '/', headers: signed.headers as Record<string, string>, body };
  }
}
