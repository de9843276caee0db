import { ResourceNotFoundException, ServiceException } from '../../errors.js';
import type { MappingState } from '../mappingTypes.js';
import type { ApiDeps } from '../../api/apiDeps.js';
import type { EventSourceMappings } from '../eventSourceMappings.js';

/** The node's event source mappings, or Lambda's ServiceException if this service was built without them. */
export function mappingsOf(deps: ApiDeps): EventSourceMappings {
  if (!deps.eventSourceMappings) throw new ServiceException('Event source mappings are not available on this node.');
  return deps.eventSourceMappings;
}

/** The mapping of that UUID, or Lambda's answer for an unknown one. */
export function requireMapping(mappings: EventSourceMappings, tenant: string, uuid: string): MappingState {
  const mapping = mappings.get(tenant, uuid);
  if (!mapping) throw new ResourceNotFoundException('The resource you requested does not exist.');
  return mapping;
}
