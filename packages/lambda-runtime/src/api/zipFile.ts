import { InvalidParameterValueException, RequestTooLargeException } from '../errors.js';
import { LIMITS } from '../limits.js';

/** The ZipFile member (base64 in the JSON body) as bytes; Kuhiro takes code only this way. */
export function zipFileBytes(code: unknown): Uint8Array {
  const zipFile = (code as { ZipFile?: unknown } | undefined)?.ZipFile;
  if (typeof zipFile !== 'string' || zipFile === '') {
    if (code && typeof code === 'object' && ('S3Bucket' in code || 'ImageUri' in code)) {
      throw new InvalidParameterValueException('This Kuhiro node accepts function code only as ZipFile; S3 and container image code are not supported.');
    }
    throw new InvalidParameterValueException('Please provide a source for function code.');
  }
  const bytes = Buffer.from(zipFile, 'base64');
  if (bytes.byteLength > LIMITS.zipFileBytes) {
    throw new RequestTooLargeException(`Request must be smaller than ${LIMITS.zipFileBytes * 1.4 | 0} bytes for the CreateFunction operation`);
  }
  return bytes;
}
