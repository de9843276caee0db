import { SignatureError } from '@kuhiro/edge-node';

/** The SignatureError `fn` throws; fails the test if it throws nothing or something else. */
export function signatureFailure(fn: () => unknown): SignatureError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SignatureError) return err;
    throw err;
  }
  throw new Error('expected a SignatureError');
}
