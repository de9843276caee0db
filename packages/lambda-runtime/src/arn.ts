import { InvalidParameterValueException, validationErrors } from './errors.js';

/** Lambda's FunctionName pattern: a name, a partial ARN or a full ARN, optionally qualified. */
const FUNCTION_NAME_PATTERN =
  /^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?$/;
const PATTERN_TEXT =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?';

export interface FunctionReference {
  name: string;
  qualifier?: string;
  accountId?: string;
  region?: string;
}

export function functionArn(region: string, accountId: string, name: string, qualifier?: string): string {
  const base = `arn:aws:lambda:${region}:${accountId}:function:${name}`;
  return qualifier === undefined ? base : `${base}:${qualifier}`;
}

/**
 * Splits what the client sent as FunctionName (and the Qualifier parameter) into a name and a
 * qualifier, as Lambda accepts them: `my-fn`, `my-fn:alias`, `123456789012:function:my-fn`,
 * `arn:aws:lambda:us-east-1:123456789012:function:my-fn:3`.
 */
export function parseFunctionReference(raw: string, qualifierParam?: string): FunctionReference {
  const match = FUNCTION_NAME_PATTERN.exec(raw);
  if (!match || raw.length > 170) {
    throw validationErrors([`Value '${raw}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${PATTERN_TEXT}`]);
  }
  // A bare "name:qualifier" matches the pattern with group 5 empty; "123:function:name" fills it.
  const name = match[7]!;
  const qualifierInName = match[9];
  const ref: FunctionReference = { name };
  if (match[5]) ref.accountId = match[5].slice(0, -1);
  if (match[3]) ref.region = match[3].slice(0, -1);
  if (qualifierInName !== undefined && qualifierParam !== undefined && qualifierParam !== qualifierInName) {
    throw new InvalidParameterValueException('The derived qualifier from the function name does not match the specified qualifier.');
  }
  const qualifier = qualifierInName ?? qualifierParam;
  if (qualifier !== undefined && qualifier !== '') ref.qualifier = qualifier;
  return ref;
}

/** `arn:aws:lambda:REGION:ACCOUNT:function:NAME` as TagResource/ListTags receive it. */
export function parseFunctionArn(arn: string): { region: string; accountId: string; name: string; qualifier?: string } | undefined {
  const match = /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([a-zA-Z0-9-_]+)(?::(\$LATEST|[a-zA-Z0-9-_]+))?$/.exec(arn);
  if (!match) return undefined;
  const parsed: { region: string; accountId: string; name: string; qualifier?: string } = { region: match[1]!, accountId: match[2]!, name: match[3]! };
  if (match[4] !== undefined) parsed.qualifier = match[4];
  return parsed;
}
