import type { OperationRoute } from '../../api/operations.js';
import { createEventSourceMapping } from './createEventSourceMapping.js';
import { deleteEventSourceMapping } from './deleteEventSourceMapping.js';
import { getEventSourceMapping } from './getEventSourceMapping.js';
import { listEventSourceMappings } from './listEventSourceMappings.js';
import { updateEventSourceMapping } from './updateEventSourceMapping.js';

/** The event source mapping operations, at the paths @aws-sdk/client-lambda sends. */
export const EVENT_SOURCE_MAPPING_ROUTES: OperationRoute[] = [
  { name: 'CreateEventSourceMapping', method: 'post', path: '/2015-03-31/event-source-mappings', operation: createEventSourceMapping },
  { name: 'ListEventSourceMappings', method: 'get', path: '/2015-03-31/event-source-mappings', operation: listEventSourceMappings },
  { name: 'GetEventSourceMapping', method: 'get', path: '/2015-03-31/event-source-mappings/:uuid', operation: getEventSourceMapping },
  { name: 'UpdateEventSourceMapping', method: 'put', path: '/2015-03-31/event-source-mappings/:uuid', operation: updateEventSourceMapping },
  { name: 'DeleteEventSourceMapping', method: 'delete', path: '/2015-03-31/event-source-mappings/:uuid', operation: deleteEventSourceMapping },
];
