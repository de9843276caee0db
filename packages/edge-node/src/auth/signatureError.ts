/**
 * Why a request's authentication failed, in AWS's terms. Protocol-neutral: the DynamoDB hot
 * path and the Lambda REST routes each serialize it their own way (DynamoDB: `__type` with
 * the Coral namespace, HTTP 400; Lambda: `x-amzn-ErrorType`, HTTP 403).
 */
export type SignatureErrorCode =
  | 'MissingAuthenticationTokenException'
  | 'IncompleteSignatureException'
  | 'InvalidSignatureException'
  | 'UnrecognizedClientException';

export class SignatureError extends Error {
  constructor(
    readonly code: SignatureErrorCode,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

/** AWS's wording, as observed against DynamoDB (dynalite records the same strings). */
export const SIGNATURE_MESSAGES = {
  missingToken: 'Request is missing Authentication Token',
  unknownKey: 'The security token included in the request is invalid.',
  mismatch:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  hostNotSigned: "'Host' must be a 'SignedHeader' in the AWS Authorization.",
} as const;
