import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTIONS } from './shopHarness.js';
import { SHOP_DIR } from './shopPaths.js';
import { readTemplate, templateTables } from './shopTemplate.js';

const template = readTemplate();
const resources = Object.entries(template.Resources);
const functions = resources.filter(([, r]) => r.Type === 'AWS::Serverless::Function');
const tables = templateTables(template, '');
const tagsOf = (logicalId: string) => Object.fromEntries(tables.find((t) => t.logicalId === logicalId)!.tags.map((t) => [t.Key, t.Value]));

describe('demo shop: template.yaml', () => {
  it('declares one function per handler file, each with a public function URL', () => {
    expect(functions.map(([, r]) => r.Properties.Handler).sort()).toEqual(FUNCTIONS.map((fn) => `src/${fn}.handler`).sort());
    for (const [, fn] of functions) {
      const file = fn.Properties.Handler.replace(/\.handler$/, '.mjs');
      expect(existsSync(join(SHOP_DIR, template.Globals.Function.CodeUri, file))).toBe(true);
      expect(fn.Properties.FunctionUrlConfig).toEqual(expect.objectContaining({ AuthType: 'NONE', Cors: expect.objectContaining({ AllowHeaders: expect.any(Array) }) }));
    }
    expect(template.Globals.Function.Runtime).toBe('nodejs22.x');
  });

  it('gives every table on-demand billing, keys declared as attributes and the edge tags', () => {
    for (const table of tables) {
      expect(table.input.BillingMode).toBe('PAY_PER_REQUEST');
      const declared = new Set(table.input.AttributeDefinitions!.map((a) => a.AttributeName));
      const keyNames = [...table.input.KeySchema!, ...(table.input.GlobalSecondaryIndexes ?? []).flatMap((gsi) => gsi.KeySchema!)].map((k) => k.AttributeName);
      for (const name of keyNames) expect(declared.has(name)).toBe(true);
    }
    expect(tagsOf('UsersTable')['kuhiro:consistency']).toBe('central');
    expect(tagsOf('ProductsTable')['kuhiro:bounded']).toBe('stock:min=0');
    expect(tables.find((t) => t.logicalId === 'SessionsTable')!.ttlAttribute).toBe('expiresAt');
  });

  it('uses only tag values AWS accepts (letters, digits, spaces and + - = . _ : /)', () => {
    for (const table of tables) {
      for (const tag of table.tags) expect(`${tag.Key}=${tag.Value}`).toMatch(/^[\p{L}\p{Z}\p{N}+\-=._:/]+=[\p{L}\p{Z}\p{N}+\-=._:/]*$/u);
    }
  });
});
