import { validationErrors } from '../errors.js';
import type { PolicyStatement } from '../registry/types.js';

/** AddPermission's input as the IAM statement Lambda stores (Principal "*" or a service / account). */
export function policyStatement(body: Record<string, unknown>, resourceArn: string): PolicyStatement {
  const failures: string[] = [];
  if (typeof body.StatementId !== 'string' || !/^([a-zA-Z0-9-_.]+)$/.test(body.StatementId)) {
    failures.push(`Value '${String(body.StatementId)}' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_.]+)`);
  }
  if (typeof body.Action !== 'string' || !/^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/.test(body.Action)) {
    failures.push(`Value '${String(body.Action)}' at 'action' failed to satisfy constraint: Member must satisfy regular expression pattern: (lambda:[*]|lambda:[a-zA-Z]+|[*])`);
  }
  if (typeof body.Principal !== 'string' || body.Principal === '') {
    failures.push(`Value '${String(body.Principal)}' at 'principal' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\\s]+`);
  }
  if (failures.length > 0) throw validationErrors(failures);
  const principalText = body.Principal as string;
  const principal = principalText === '*' ? '*' : principalText.endsWith('.amazonaws.com') ? { Service: principalText } : { AWS: principalText };
  const statement: PolicyStatement = { Sid: body.StatementId as string, Effect: 'Allow', Principal: principal, Action: body.Action as string, Resource: resourceArn };
  const condition: Record<string, Record<string, string>> = {};
  if (typeof body.SourceArn === 'string') condition.ArnLike = { 'AWS:SourceArn': body.SourceArn };
  if (typeof body.SourceAccount === 'string') condition.StringEquals = { ...condition.StringEquals, 'AWS:SourceAccount': body.SourceAccount };
  if (typeof body.FunctionUrlAuthType === 'string') condition.StringEquals = { ...condition.StringEquals, 'lambda:FunctionUrlAuthType': body.FunctionUrlAuthType };
  if (Object.keys(condition).length > 0) statement.Condition = condition;
  return statement;
}
