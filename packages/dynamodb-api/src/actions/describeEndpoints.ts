import type { ActionContext } from '../context.js';
import type { DescribeEndpointsInput } from '../validations/describeEndpoints.js';

/**
 * SDKs with endpoint discovery call this. The answer names AWS's regional host, as
 * DynamoDB Local does; clients that set an explicit endpoint keep using it.
 */
export async function describeEndpoints(ctx: ActionContext, _input: DescribeEndpointsInput): Promise<object> {
  return { Endpoints: [{ Address: `dynamodb.${ctx.region}.amazonaws.com`, CachePeriodInMinutes: 1440 }] };
}
