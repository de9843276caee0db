/** What every sample event generator may use: where and when the event "happened", and the user's overrides. */
export interface EventContext {
  region: string;
  /** The account in ARNs and requestContext; a development-mode node's is 000000000000. */
  accountId: string;
  now: Date;
  /** HTTP events: method, path (with an optional `?query`), body and extra headers. */
  method: string;
  path: string;
  body?: string;
  headers: Record<string, string>;
  /** Stream events. */
  table: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  /** The item (plain JSON or DynamoDB JSON); key attribute names (default: `id`, else the first attribute). */
  item?: Record<string, unknown>;
  oldItem?: Record<string, unknown>;
  keyNames?: string[];
  /** Scheduled events: the rule's name. */
  rule: string;
}

export const DEFAULT_EVENT_CONTEXT: Omit<EventContext, 'now'> = {
  region: 'us-east-1',
  accountId: '000000000000',
  method: 'GET',
  path: '/',
  headers: {},
  table: 'my-table',
  eventName: 'INSERT',
  rule: 'my-schedule',
};
