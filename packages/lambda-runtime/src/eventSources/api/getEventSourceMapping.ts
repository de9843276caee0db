import type { ApiOperation } from '../../api/apiDeps.js';
import { mappingConfiguration } from '../mappingTypes.js';
import { mappingsOf, requireMapping } from './mappingsOf.js';

/** GET /2015-03-31/event-source-mappings/{UUID} -> 200. */
export const getEventSourceMapping: ApiOperation = async (req, res, ctx, deps) => {
  const mapping = requireMapping(mappingsOf(deps), ctx.tenant, String(req.params.uuid));
  res.status(200).json(mappingConfiguration(mapping, ctx.region));
};
