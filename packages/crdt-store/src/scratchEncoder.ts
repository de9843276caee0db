import * as encoding from 'lib0/encoding';

/**
 * A lib0 encoder reused for every call of one hot encoding function, emptied before each use.
 * A new encoder starts at 100 bytes and grows by allocating and later concatenating buffers,
 * which was a third of the time of encoding a ~300-byte fresh put or a write's log record
 * (profiles). `toUint8Array` copies the bytes out, so nothing returned aliases the scratch
 * buffer; each caller gets its own encoder so one can never empty another's mid-use.
 */
export function reusableEncoder(): () => encoding.Encoder {
  let scratch: encoding.Encoder | undefined;
  return () => {
    scratch ??= encoding.createEncoder();
    scratch.cpos = 0;
    scratch.bufs.length = 0;
    return scratch;
  };
}
