import { InvalidParameterValueException, validationErrors } from '../errors.js';
import { FilterPatternError, parseFilterPattern } from './filterPattern.js';
import type { MappingState } from './mappingTypes.js';

/** The settings Create and Update accept, validated; undefined members were not sent. */
export type MappingSettings = Partial<
  Pick<
    MappingState,
    | 'batchSize'
    | 'maximumBatchingWindowInSeconds'
    | 'filterCriteria'
    | 'maximumRetryAttempts'
    | 'maximumRecordAgeInSeconds'
    | 'bisectBatchOnFunctionError'
    | 'functionResponseTypes'
    | 'onFailureDestination'
    | 'enabled'
  >
>;

/** Lambda's limits for DynamoDB stream sources. */
const RANGES: Record<string, { member: string; field: string; min: number; max: number }> = {
  batchSize: { member: 'BatchSize', field: 'batchSize', min: 1, max: 10000 },
  maximumBatchingWindowInSeconds: { member: 'MaximumBatchingWindowInSeconds', field: 'maximumBatchingWindowInSeconds', min: 0, max: 300 },
  maximumRetryAttempts: { member: 'MaximumRetryAttempts', field: 'maximumRetryAttempts', min: -1, max: 10000 },
  maximumRecordAgeInSeconds: { member: 'MaximumRecordAgeInSeconds', field: 'maximumRecordAgeInSeconds', min: -1, max: 604800 },
};

export function mappingSettings(body: Record<string, unknown>): MappingSettings {
  const failures: string[] = [];
  const settings: MappingSettings = {};
  for (const [key, range] of Object.entries(RANGES)) {
    const value = body[range.member];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      failures.push(`Value '${String(value)}' at '${range.field}' failed to satisfy constraint: Member must be an integer`);
    } else if (value < range.min) {
      failures.push(`Value '${value}' at '${range.field}' failed to satisfy constraint: Member must have value greater than or equal to ${range.min}`);
    } else if (value > range.max) {
      failures.push(`Value '${value}' at '${range.field}' failed to satisfy constraint: Member must have value less than or equal to ${range.max}`);
    } else (settings as Record<string, number>)[key] = value;
  }
  if (failures.length > 0) throw validationErrors(failures);
  const age = settings.maximumRecordAgeInSeconds;
  if (age !== undefined && age !== -1 && age < 60) {
    throw new InvalidParameterValueException('MaximumRecordAgeInSeconds must be -1 (infinite) or between 60 and 604800 seconds.');
  }
  if (body.BisectBatchOnFunctionError !== undefined) settings.bisectBatchOnFunctionError = body.BisectBatchOnFunctionError === true;
  if (body.Enabled !== undefined) settings.enabled = body.Enabled !== false;
  if (body.FunctionResponseTypes !== undefined) {
    const types = Array.isArray(body.FunctionResponseTypes) ? body.FunctionResponseTypes : [];
    for (const type of types) {
      if (type !== 'ReportBatchItemFailures') {
        throw validationErrors([`Value '[${types.join(', ')}]' at 'functionResponseTypes' failed to satisfy constraint: Member must satisfy enum value set: [ReportBatchItemFailures]`]);
      }
    }
    settings.functionResponseTypes = types as string[];
  }
  if (body.FilterCriteria !== undefined) settings.filterCriteria = filterCriteria(body.FilterCriteria);
  if (body.DestinationConfig !== undefined) {
    const destination = (body.DestinationConfig as { OnFailure?: { Destination?: unknown } } | null)?.OnFailure?.Destination;
    if (destination !== undefined && typeof destination !== 'string') throw new InvalidParameterValueException('The destination ARN is not valid.');
    settings.onFailureDestination = destination;
  }
  return settings;
}

function filterCriteria(raw: unknown): MappingState['filterCriteria'] {
  const filters = (raw as { Filters?: unknown } | null)?.Filters;
  if (filters === undefined || filters === null) return undefined;
  if (!Array.isArray(filters)) throw new InvalidParameterValueException('Invalid filter pattern definition.');
  const kept: Array<{ Pattern: string }> = [];
  for (const filter of filters) {
    const pattern = (filter as { Pattern?: unknown } | null)?.Pattern;
    if (typeof pattern !== 'string') throw new InvalidParameterValueException('Invalid filter pattern definition.');
    try {
      parseFilterPattern(pattern);
    } catch (error) {
      if (error instanceof FilterPatternError) throw new InvalidParameterValueException(`Invalid filter pattern definition.`);
      throw error;
    }
    kept.push({ Pattern: pattern });
  }
  return kept.length > 0 ? { Filters: kept } : undefined;
}
