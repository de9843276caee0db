import { CreateFunctionCommand, InvokeCommand, type CreateFunctionCommandInput, type InvokeCommandOutput, type LambdaClient } from '@aws-sdk/client-lambda';
import { zipCode } from './zipCode.js';

export const TEST_ROLE = 'arn:aws:iam::000000000000:role/kuhiro-test';

/** Creates a nodejs20.x function from source files; `index.handler` unless said otherwise. */
export async function createFunction(
  client: LambdaClient,
  name: string,
  files: Record<string, string>,
  extra: Partial<CreateFunctionCommandInput> = {},
): Promise<void> {
  await client.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: TEST_ROLE, Code: { ZipFile: zipCode(files) }, ...extra }));
}

export async function invokeJson(client: LambdaClient, name: string, event: unknown = {}, extra: { Qualifier?: string; LogType?: 'Tail'; ClientContext?: string } = {}): Promise<{ output: InvokeCommandOutput; payload: unknown }> {
  const output = await client.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(event)), ...extra }));
  const text = Buffer.from(output.Payload ?? new Uint8Array()).toString('utf8');
  return { output, payload: text === '' ? undefined : JSON.parse(text) };
}

export function decodeLog(logResult: string | undefined): string {
  return Buffer.from(logResult ?? '', 'base64').toString('utf8');
}
