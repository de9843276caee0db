import type { ApiOperation } from '../../api/apiDeps.js';
import { jsonBody } from '../../api/requestParts.js';
import { parseFunctionReference } from '../../arn.js';
import { mappingSettings } from '../mappingInput.js';
import { mappingConfiguration, type MappingState } from '../mappingTypes.js';
import { mappingsOf, requireMapping } from './mappingsOf.js';

/** PUT /2015-03-31/event-source-mappings/{UUID} -> 202 (State Updating / Enabling / Disabling). */
export const updateEventSourceMapping: ApiOperation = async (req, res, ctx, deps) => {
  const mappings = mappingsOf(deps);
  const mapping = requireMapping(mappings, ctx.tenant, String(req.params.uuid));
  const body = jsonBody(req);
  const change: Partial<MappingState> = { ...mappingSettings(body) };
  if (typeof body.FunctionName === 'string') {
    const ref = parseFunctionReference(body.FunctionName);
    const fn = deps.registry.require(ctx.tenant, ctx.accountId, ref);
    change.functionName = fn.name;
    change.qualifier = ref.qualifier;
  }
  const updated = await mappings.update(mapping, change);
  res.status(202).json(mappingConfiguration(updated, ctx.region));
};
