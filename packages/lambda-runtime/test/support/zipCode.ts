import { strToU8, zipSync } from 'fflate';

/** A deployment package from file name -> source text. */
export function zipCode(files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])));
}
