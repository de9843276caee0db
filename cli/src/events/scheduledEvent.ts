import type { EventContext } from './eventContext.js';
import { randomUUID } from './randomIds.js';

/** An EventBridge (CloudWatch Events) scheduled rule firing; `time` has no milliseconds, as EventBridge sends it. */
export function scheduledEvent(ctx: EventContext): Record<string, unknown> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: ctx.accountId,
    time: ctx.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: ctx.region,
    resources: [`arn:aws:events:${ctx.region}:${ctx.accountId}:rule/${ctx.rule}`],
    detail: {},
  };
}
