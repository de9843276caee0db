import { strToU8, zipSync } from 'fflate';

/** A deployment package from file name -> source text. */
const FIXED_MTIME = new Date('2024-01-01T00:00:00Z');

export function zipCode(files: Record<string, string>): Uint8Array {
  // A fixed mtime makes the same files zip to the same bytes whenever they are zipped (zip
  // stamps each entry with a 2-second-granular time), so a test can compare a download.
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])), { mtime: FIXED_MTIME });
}
