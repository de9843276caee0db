import type { ApiOperation } from '../../api/apiDeps.js';
import { paginate } from '../../api/pagination.js';
import { queryString } from '../../api/requestParts.js';
import { parseFunctionReference } from '../../arn.js';
import { mappingConfiguration } from '../mappingTypes.js';
import { mappingsOf } from './mappingsOf.js';

/** GET /2015-03-31/event-source-mappings[?EventSourceArn&FunctionName&Marker&MaxItems] -> {EventSourceMappings, NextMarker}. */
export const listEventSourceMappings: ApiOperation = async (req, res, ctx, deps) => {
  const eventSourceArn = queryString(req, 'EventSourceArn');
  const functionName = queryString(req, 'FunctionName');
  const ref = functionName === undefined ? undefined : parseFunctionReference(functionName);
  const mappings = mappingsOf(deps)
    .list(ctx.tenant)
    .filter((mapping) => eventSourceArn === undefined || mapping.eventSourceArn === eventSourceArn)
    .filter((mapping) => ref === undefined || (mapping.functionName === ref.name && (ref.qualifier === undefined || mapping.qualifier === ref.qualifier)))
    .map((mapping) => mappingConfiguration(mapping, ctx.region));
  const { page, nextMarker } = paginate(mappings, queryString(req, 'Marker'), queryString(req, 'MaxItems'));
  res.status(200).json({ EventSourceMappings: page, ...(nextMarker ? { NextMarker: nextMarker } : {}) });
};
