import type { ActionContext } from '../context.js';
import { LIMITS } from '../limits.js';
import type { DescribeLimitsInput } from '../validations/describeLimits.js';

export async function describeLimits(_ctx: ActionContext, _input: DescribeLimitsInput): Promise<object> {
  return {
    AccountMaxReadCapacityUnits: LIMITS.ACCOUNT_MAX_CAPACITY_UNITS,
    AccountMaxWriteCapacityUnits: LIMITS.ACCOUNT_MAX_CAPACITY_UNITS,
    TableMaxReadCapacityUnits: LIMITS.TABLE_MAX_CAPACITY_UNITS,
    TableMaxWriteCapacityUnits: LIMITS.TABLE_MAX_CAPACITY_UNITS,
  };
}
