import { dynamoDbStreamEvent } from './dynamoDbStreamEvent.js';
import type { EventContext } from './eventContext.js';
import { apiGatewayV2Event, functionUrlEvent } from './httpEvent.js';
import { scheduledEvent } from './scheduledEvent.js';

export interface SampleEventType {
  name: string;
  description: string;
  /** The flags that shape this event (for --list-events). */
  flags: string;
  build(ctx: EventContext): Record<string, unknown>;
}

/** The event types `kuhiro invoke --event` generates, in --list-events order. */
export const SAMPLE_EVENTS: readonly SampleEventType[] = [
  {
    name: 'apigw-v2',
    description: 'API Gateway HTTP API request (payload format 2.0)',
    flags: '--method --path --body --header',
    build: apiGatewayV2Event,
  },
  {
    name: 'function-url',
    description: 'function URL request, AuthType NONE (payload format 2.0)',
    flags: '--method --path --body --header',
    build: functionUrlEvent,
  },
  {
    name: 'dynamodb-stream',
    description: 'DynamoDB stream record (NEW_AND_OLD_IMAGES)',
    flags: '--table --event-name --item --old-item --key',
    build: dynamoDbStreamEvent,
  },
  {
    name: 'scheduled',
    description: 'EventBridge scheduled event',
    flags: '--rule',
    build: scheduledEvent,
  },
];

export function sampleEventType(name: string): SampleEventType | undefined {
  return SAMPLE_EVENTS.find((type) => type.name === name);
}
