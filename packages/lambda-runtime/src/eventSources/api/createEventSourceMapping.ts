import { InvalidParameterValueException, ResourceConflictException, validationErrors } from '../../errors.js';
import type { ApiOperation } from '../../api/apiDeps.js';
import { jsonBody } from '../../api/requestParts.js';
import { parseFunctionReference } from '../../arn.js';
import { mappingSettings } from '../mappingInput.js';
import { mappingConfiguration } from '../mappingTypes.js';
import { mappingsOf } from './mappingsOf.js';

/** POST /2015-03-31/event-source-mappings -> 202 EventSourceMappingConfiguration (State Creating). */
export const createEventSourceMapping: ApiOperation = async (req, res, ctx, deps) => {
  const mappings = mappingsOf(deps);
  const body = jsonBody(req);
  if (typeof body.FunctionName !== 'string') throw validationErrors([`Value null at 'functionName' failed to satisfy constraint: Member must not be null`]);
  const ref = parseFunctionReference(body.FunctionName);
  const fn = deps.registry.require(ctx.tenant, ctx.accountId, ref);
  const eventSourceArn = body.EventSourceArn;
  if (typeof eventSourceArn !== 'string' || !/^arn:aws[a-z-]*:dynamodb:[^:]+:\d{12}:table\/[^/]+\/stream\/.+$/.test(eventSourceArn)) {
    throw new InvalidParameterValueException('Unrecognized event source, must be a DynamoDB stream ARN on this node.');
  }
  if (!mappings.source?.findStream(ctx.tenant, eventSourceArn)) {
    throw new InvalidParameterValueException(`Stream not found: ${eventSourceArn}`);
  }
  const startingPosition = body.StartingPosition;
  if (startingPosition === 'AT_TIMESTAMP') throw new InvalidParameterValueException('Unsupported starting position for DynamoDB streams: AT_TIMESTAMP');
  if (startingPosition !== 'TRIM_HORIZON' && startingPosition !== 'LATEST') {
    throw new InvalidParameterValueException('1 validation error detected: Value null at \'startingPosition\' failed to satisfy constraint: Member must satisfy enum value set: [LATEST, TRIM_HORIZON]');
  }
  const settings = mappingSettings(body);
  const existing = mappings.list(ctx.tenant).find((mapping) => mapping.eventSourceArn === eventSourceArn && mapping.functionName === fn.name && mapping.qualifier === ref.qualifier);
  if (existing) {
    throw new ResourceConflictException(
      `The event source arn (" ${eventSourceArn} ") and function (" ${fn.name} ") provided mapping already exists. Please update or delete the existing mapping with UUID ${existing.uuid}`,
    );
  }
  const created = await mappings.create({
    tenant: ctx.tenant,
    accountId: fn.accountId,
    functionName: fn.name,
    ...(ref.qualifier !== undefined ? { qualifier: ref.qualifier } : {}),
    eventSourceArn,
    startingPosition,
    batchSize: settings.batchSize ?? 100,
    maximumBatchingWindowInSeconds: settings.maximumBatchingWindowInSeconds ?? 0,
    ...(settings.filterCriteria ? { filterCriteria: settings.filterCriteria } : {}),
    maximumRetryAttempts: settings.maximumRetryAttempts ?? -1,
    maximumRecordAgeInSeconds: settings.maximumRecordAgeInSeconds ?? -1,
    bisectBatchOnFunctionError: settings.bisectBatchOnFunctionError ?? false,
    functionResponseTypes: settings.functionResponseTypes ?? [],
    ...(settings.onFailureDestination ? { onFailureDestination: settings.onFailureDestination } : {}),
    enabled: settings.enabled ?? true,
  });
  res.status(202).json(mappingConfiguration(created, ctx.region));
};
