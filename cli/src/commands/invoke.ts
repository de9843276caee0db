import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { stderrLine, stdoutLine } from '../app/commandOptions.js';
import { DEFAULT_EDGE_ENDPOINT, resolveTarget } from '../app/target.js';
import { DEFAULT_EVENT_CONTEXT, type EventContext } from '../events/eventContext.js';
import { SAMPLE_EVENTS, sampleEventType } from '../events/sampleEvents.js';
import { UsageError } from '../usageError.js';

interface InvokeFlags {
  endpoint: string;
  region?: string;
  event?: string;
  payload?: string;
  qualifier?: string;
  log?: boolean;
  listEvents?: boolean;
  printEvent?: boolean;
  account: string;
  method: string;
  path: string;
  body?: string;
  header: Record<string, string>;
  table: string;
  eventName: EventContext['eventName'];
  item?: Record<string, unknown>;
  oldItem?: Record<string, unknown>;
  key?: string[];
  rule: string;
}

/** The function answered with an error: its payload is printed, the CLI exits 1. */
export class FunctionErrorExit extends Error {}

function headerFlag(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const match = /^([^:=\s]+)\s*[:=]\s*(.*)$/.exec(value);
  if (!match) throw new InvalidArgumentError('must look like "Name: value".');
  return { ...previous, [match[1]!]: match[2]! };
}

function jsonObjectFlag(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (err) {
    throw new InvalidArgumentError(`is not JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidArgumentError('must be a JSON object.');
  return parsed as Record<string, unknown>;
}

function accountFlag(value: string): string {
  if (!/^\d{12}$/.test(value)) throw new InvalidArgumentError('must be 12 digits.');
  return value;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function payloadFrom(source: string): Promise<string> {
  let text: string;
  try {
    text = source === '-' ? await readStdin() : await readFile(source, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --payload ${source}: ${(err as Error).message}`);
  }
  try {
    JSON.parse(text);
  } catch (err) {
    // Lambda takes only JSON; saying so here beats the node's InvalidRequestContentException.
    throw new UsageError(`--payload ${source === '-' ? '(stdin)' : source} is not JSON: ${(err as Error).message}`);
  }
  return text;
}

function generatedEvent(flags: InvokeFlags, region: string): Record<string, unknown> {
  const type = sampleEventType(flags.event!);
  if (!type) throw new UsageError(`unknown event type ${flags.event}; kuhiro invoke --list-events lists them`);
  try {
    return buildEvent(type.build, flags, region);
  } catch (err) {
    // A generator refuses only what the flags said (a key the item lacks): a usage mistake.
    throw new UsageError((err as Error).message);
  }
}

function buildEvent(build: (ctx: EventContext) => Record<string, unknown>, flags: InvokeFlags, region: string): Record<string, unknown> {
  return build({
    ...DEFAULT_EVENT_CONTEXT,
    region,
    accountId: flags.account,
    now: new Date(),
    method: flags.method,
    path: flags.path.startsWith('/') ? flags.path : `/${flags.path}`,
    ...(flags.body !== undefined ? { body: flags.body } : {}),
    headers: flags.header,
    table: flags.table,
    eventName: flags.eventName,
    ...(flags.item ? { item: flags.item } : {}),
    ...(flags.oldItem ? { oldItem: flags.oldItem } : {}),
    ...(flags.key ? { keyNames: flags.key } : {}),
    rule: flags.rule,
  });
}

function listEvents(): void {
  const width = Math.max(...SAMPLE_EVENTS.map((type) => type.name.length));
  for (const type of SAMPLE_EVENTS) stdoutLine(`${type.name.padEnd(width)}  ${type.description}  (${type.flags})`);
}

/** "ErrorType: message" from a function error's payload, or the payload itself if it is not Lambda's error shape. */
function describeFunctionError(kind: string, payload: string): string {
  try {
    const error = JSON.parse(payload) as { errorType?: unknown; errorMessage?: unknown };
    if (typeof error.errorType === 'string' || typeof error.errorMessage === 'string')
      return `function error (${kind}): ${String(error.errorType ?? 'Error')}: ${String(error.errorMessage ?? '')}`;
  } catch {
    // not JSON: shown as is below
  }
  return `function error (${kind}): ${payload}`;
}

/** `kuhiro invoke FUNCTION`: one synchronous invoke on a node, with a payload file or a generated sample event. */
export function invokeCommand(): Command {
  return new Command('invoke')
    .description("Invoke a function on a node and print its response payload; exit code 1 on a function error.")
    .argument('[function]', 'function name or ARN (optionally NAME:QUALIFIER)')
    .option('--endpoint <url>', 'the node', DEFAULT_EDGE_ENDPOINT)
    .option('--region <region>', 'region (default: AWS_REGION, then us-east-1)')
    .addOption(new Option('--event <type>', 'send a generated sample event of this type').choices(SAMPLE_EVENTS.map((type) => type.name)))
    .option('--payload <file>', 'send this JSON file as the event ("-" reads stdin)')
    .option('--qualifier <qualifier>', 'version or alias to invoke')
    .option('--log', "also print the invocation's log tail (LogType Tail) to stderr")
    .option('--list-events', 'list the sample event types and exit')
    .option('--print-event', 'print the generated event and exit without invoking')
    .option('--account <id>', 'account id in generated events', accountFlag, DEFAULT_EVENT_CONTEXT.accountId)
    .option('--method <method>', 'HTTP events: request method', DEFAULT_EVENT_CONTEXT.method)
    .option('--path <path>', 'HTTP events: request path, may end in ?query', DEFAULT_EVENT_CONTEXT.path)
    .option('--body <text>', 'HTTP events: request body')
    .option('--header <header>', 'HTTP events: a request header "Name: value" (repeatable)', headerFlag, {})
    .option('--table <name>', 'dynamodb-stream: table name in the stream ARN', DEFAULT_EVENT_CONTEXT.table)
    .addOption(new Option('--event-name <name>', 'dynamodb-stream: the change').choices(['INSERT', 'MODIFY', 'REMOVE']).default(DEFAULT_EVENT_CONTEXT.eventName))
    .option('--item <json>', 'dynamodb-stream: the item (plain or DynamoDB JSON)', jsonObjectFlag)
    .option('--old-item <json>', 'dynamodb-stream: the old image of a MODIFY (default: the item)', jsonObjectFlag)
    .option('--key <names>', 'dynamodb-stream: key attribute names, comma separated (default: id)', (value: string) => value.split(',').map((name) => name.trim()).filter(Boolean))
    .option('--rule <name>', 'scheduled: the EventBridge rule name', DEFAULT_EVENT_CONTEXT.rule)
    .addHelpText(
      'after',
      `
Without --event or --payload the function gets {}.

Examples:
  $ kuhiro invoke my-fn --payload event.json
  $ echo '{"name":"Ada"}' | kuhiro invoke my-fn --payload -
  $ kuhiro invoke my-fn --event apigw-v2 --method POST --path '/orders?limit=2' --body '{"sku":"A1"}'
  $ kuhiro invoke my-fn --event function-url --header 'Cookie: session=abc' --log
  $ kuhiro invoke my-fn --event dynamodb-stream --table orders --event-name MODIFY --item '{"id":"o1","status":"paid"}'
  $ kuhiro invoke my-fn --event scheduled --rule nightly-cleanup --qualifier live
  $ kuhiro invoke --event apigw-v2 --print-event > event.json
  $ kuhiro invoke --list-events`,
    )
    .action(async (functionName: string | undefined, flags: InvokeFlags) => {
      // Loaded when the command runs: every `kuhiro` start would pay for it otherwise.
      const { InvokeCommand } = await import('@aws-sdk/client-lambda');
      const { createClients } = await import('../app/clients.js');
      if (flags.listEvents) {
        listEvents();
        return;
      }
      if (flags.event && flags.payload) throw new UsageError('give either --event or --payload, not both');
      const target = resolveTarget('edge', { endpoint: flags.endpoint, ...(flags.region ? { region: flags.region } : {}) });
      if (flags.printEvent) {
        if (!flags.event) throw new UsageError('--print-event needs --event TYPE');
        stdoutLine(JSON.stringify(generatedEvent(flags, target.region), null, 2));
        return;
      }
      if (!functionName) throw new UsageError('missing the function name: kuhiro invoke FUNCTION');
      const payload = flags.payload ? await payloadFrom(flags.payload) : JSON.stringify(flags.event ? generatedEvent(flags, target.region) : {});
      const clients = createClients(target);
      try {
        const answer = await clients.lambda.send(
          new InvokeCommand({
            FunctionName: functionName,
            Payload: Buffer.from(payload),
            ...(flags.qualifier ? { Qualifier: flags.qualifier } : {}),
            ...(flags.log ? { LogType: 'Tail' } : {}),
          }),
        );
        const output = answer.Payload ? Buffer.from(answer.Payload).toString('utf8') : '';
        process.stdout.write(output.endsWith('\n') || output === '' ? output : `${output}\n`);
        if (flags.log && answer.LogResult) {
          const log = Buffer.from(answer.LogResult, 'base64').toString('utf8');
          stderrLine(log.endsWith('\n') ? log.slice(0, -1) : log);
        }
        if (answer.FunctionError) throw new FunctionErrorExit(describeFunctionError(answer.FunctionError, output));
      } finally {
        clients.destroy();
      }
    });
}
