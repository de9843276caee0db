import type { ApiOperation } from '../../api/apiDeps.js';
import { mappingConfiguration } from '../mappingTypes.js';
import { mappingsOf, requireMapping } from './mappingsOf.js';

/** DELETE /2015-03-31/event-source-mappings/{UUID} -> 202 (State Deleting). */
export const deleteEventSourceMapping: ApiOperation = async (req, res, ctx, deps) => {
  const mappings = mappingsOf(deps);
  const deleted = await mappings.delete(requireMapping(mappings, ctx.tenant, String(req.params.uuid)));
  res.status(202).json(mappingConfiguration(deleted, ctx.region));
};
