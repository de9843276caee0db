import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ConfigError, formatZodError } from '../config.js';

const AccessKeySchema = z
  .object({
    // AWS access key ids are 16-128 word characters; SDKs refuse nothing shorter than 1.
    accessKeyId: z.string().regex(/^\w{1,128}$/, 'must be 1-128 letters, digits or "_"'),
    secretAccessKey: z.string().min(1),
  })
  .strict();

const AccountSchema = z
  .object({
    accountId: z.string().regex(/^\d{12}$/, 'must be 12 digits, like an AWS account id'),
    name: z.string().min(1),
    keys: z.array(AccessKeySchema).min(1, 'an account needs at least one access key'),
  })
  .strict();

/** The credentials file: see packages/edge-node/README.md for an example. */
export const CredentialsFileSchema = z
  .object({ accounts: z.array(AccountSchema).min(1, 'list at least one account') })
  .strict()
  .superRefine((file, ctx) => {
    const accountIds = new Set<string>();
    const keyIds = new Set<string>();
    file.accounts.forEach((account, a) => {
      if (accountIds.has(account.accountId))
        ctx.addIssue({ code: 'custom', path: ['accounts', a, 'accountId'], message: `duplicate account id ${account.accountId}` });
      accountIds.add(account.accountId);
      account.keys.forEach((key, k) => {
        if (keyIds.has(key.accessKeyId))
          ctx.addIssue({
            code: 'custom',
            path: ['accounts', a, 'keys', k, 'accessKeyId'],
            message: `access key ${key.accessKeyId} is listed twice; a key belongs to one account`,
          });
        keyIds.add(key.accessKeyId);
      });
    });
  });

export type CredentialsFile = z.infer<typeof CredentialsFileSchema>;
export type AccountConfig = z.infer<typeof AccountSchema>;

export function parseCredentialsFile(json: unknown, source = 'credentials file'): CredentialsFile {
  const result = CredentialsFileSchema.safeParse(json);
  if (!result.success) throw new ConfigError(formatZodError(result.error, source));
  return result.data;
}

export async function loadCredentialsFile(path: string): Promise<CredentialsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`Cannot read credentials file ${path}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`Credentials file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  return parseCredentialsFile(json, `credentials file ${path}`);
}
