import { beforeAll, describe, expect, it } from '@jest/globals';
import { assertions } from '../helpers/assertions.js';
import { catalogHarness } from '../helpers/harness.js';
import { hashTable } from '../helpers/tables.js';

describe('ListTables', () => {
  const h = catalogHarness();
  const { ok, assertValidation } = assertions(h);
  beforeAll(async () => {
    for (const name of ['ccc', 'aaa', 'bbb', 'ddd']) await ok('CreateTable', hashTable(name));
  });

  it('lists all names sorted', async () => {
    expect(await ok('ListTables', {})).toEqual({ TableNames: ['aaa', 'bbb', 'ccc', 'ddd'] });
  });

  it('pages with Limit and ExclusiveStartTableName', async () => {
    const first = await ok('ListTables', { Limit: 2 });
    expect(first).toEqual({ TableNames: ['aaa', 'bbb'], LastEvaluatedTableName: 'bbb' });
    const second = await ok('ListTables', { Limit: 2, ExclusiveStartTableName: 'bbb' });
    expect(second).toEqual({ TableNames: ['ccc', 'ddd'] });
  });

  it('bounds Limit', () =>
    assertValidation(
      'ListTables',
      { Limit: 101 },
      "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
    ));

  it('checks the start name', () =>
    assertValidation(
      'ListTables',
      { ExclusiveStartTableName: 'a;', Limit: 0 },
      '3 validation errors detected: ' +
        "Value 'a;' at 'exclusiveStartTableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
        "Value 'a;' at 'exclusiveStartTableName' failed to satisfy constraint: Member must have length greater than or equal to 3; " +
        "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ));
});
