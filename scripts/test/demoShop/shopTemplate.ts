import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type Tags } from 'yaml';
import type { CreateTableCommandInput, Tag } from '@aws-sdk/client-dynamodb';
import { SHOP_DIR } from './shopPaths.js';

/** CloudFormation short-form intrinsics (!Ref X, !GetAtt A.B) kept as { Ref } / { 'Fn::GetAtt' } objects. */
const intrinsicTags: Tags = [
  { tag: '!Ref', resolve: (value: string) => ({ Ref: value }) },
  { tag: '!GetAtt', resolve: (value: string) => ({ 'Fn::GetAtt': value.split('.') }) },
  { tag: '!Sub', resolve: (value: string) => ({ 'Fn::Sub': value }) },
];

export interface Resource {
  Type: string;
  Properties: Record<string, any>;
}

export interface ShopTemplate {
  Globals: { Function: Record<string, any> };
  Resources: Record<string, Resource>;
  Outputs: Record<string, { Value: unknown }>;
}

export function readTemplate(): ShopTemplate {
  return parse(readFileSync(join(SHOP_DIR, 'template.yaml'), 'utf8'), { customTags: intrinsicTags }) as ShopTemplate;
}

export interface TableSpec {
  logicalId: string;
  input: CreateTableCommandInput;
  tags: Tag[];
  ttlAttribute?: string;
}

/** The template's AWS::DynamoDB::Table resources as CreateTable inputs, named `<prefix><LogicalId>`. */
export function templateTables(template: ShopTemplate, prefix: string): TableSpec[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::DynamoDB::Table')
    .map(([logicalId, { Properties: p }]) => ({
      logicalId,
      input: {
        TableName: `${prefix}${logicalId}`,
        BillingMode: p.BillingMode,
        AttributeDefinitions: p.AttributeDefinitions,
        KeySchema: p.KeySchema,
        ...(p.GlobalSecondaryIndexes ? { GlobalSecondaryIndexes: p.GlobalSecondaryIndexes } : {}),
        Tags: p.Tags,
      },
      tags: p.Tags ?? [],
      ...(p.TimeToLiveSpecification?.Enabled ? { ttlAttribute: p.TimeToLiveSpecification.AttributeName } : {}),
    }));
}

/** Environment variables the template gives every function, with !Ref TableX resolved to the test's names. */
export function functionEnvironment(template: ShopTemplate, prefix: string, parameters: Record<string, string>): Record<string, string> {
  const variables = template.Globals.Function.Environment.Variables as Record<string, { Ref: string } | string>;
  return Object.fromEntries(
    Object.entries(variables).map(([name, value]) => {
      if (typeof value === 'string') return [name, value];
      const ref = value.Ref;
      if (template.Resources[ref]) return [name, `${prefix}${ref}`];
      if (parameters[ref] === undefined) throw new Error(`No value for template parameter ${ref}`);
      return [name, parameters[ref]];
    }),
  );
}
