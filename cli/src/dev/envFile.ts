import { readFile } from 'node:fs/promises';
import util from 'node:util';
import { UsageError } from '../usageError.js';

type ParseEnv = (content: string) => Record<string, string>;

/**
 * The variables of a dotenv file (`KEY=value`, quotes, `#` comments, `export` prefixes), parsed
 * by Node's own `util.parseEnv` (Node >= 20.12): the same rules as `node --env-file`.
 */
export async function readEnvFile(file: string): Promise<Record<string, string>> {
  const parseEnv = (util as unknown as { parseEnv?: ParseEnv }).parseEnv;
  if (typeof parseEnv !== 'function') throw new UsageError(`--env-file needs Node 20.12 or later (this is ${process.version})`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --env-file ${file}: ${(err as Error).message}`);
  }
  return { ...parseEnv(text) };
}
