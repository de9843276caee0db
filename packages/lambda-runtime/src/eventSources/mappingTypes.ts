/** One event source mapping as the node keeps it (persisted in event-source-mappings.json). */
export interface MappingState {
  uuid: string;
  tenant: string;
  accountId: string;
  functionName: string;
  /** The qualifier the mapping was created with (version or alias), if any. */
  qualifier?: string;
  eventSourceArn: string;
  startingPosition: 'TRIM_HORIZON' | 'LATEST';
  batchSize: number;
  maximumBatchingWindowInSeconds: number;
  /** FilterCriteria as the client sent it ({ Filters: [{ Pattern }] }), absent if none. */
  filterCriteria?: { Filters: Array<{ Pattern: string }> };
  maximumRetryAttempts: number;
  maximumRecordAgeInSeconds: number;
  bisectBatchOnFunctionError: boolean;
  functionResponseTypes: string[];
  onFailureDestination?: string;
  enabled: boolean;
  state: 'Creating' | 'Enabling' | 'Enabled' | 'Disabling' | 'Disabled' | 'Updating' | 'Deleting';
  /** Seconds since the epoch, as LastModified goes on the wire. */
  lastModified: number;
  lastProcessingResult: string;
  /** The sequence number of the last record handled (delivered, filtered out or sent to OnFailure). */
  checkpoint: string;
}

/** The wire EventSourceMappingConfiguration. */
export function mappingConfiguration(mapping: MappingState, region: string): Record<string, unknown> {
  const functionArn = `arn:aws:lambda:${region}:${mapping.accountId}:function:${mapping.functionName}${mapping.qualifier ? `:${mapping.qualifier}` : ''}`;
  const configuration: Record<string, unknown> = {
    UUID: mapping.uuid,
    StartingPosition: mapping.startingPosition,
    BatchSize: mapping.batchSize,
    MaximumBatchingWindowInSeconds: mapping.maximumBatchingWindowInSeconds,
    ParallelizationFactor: 1,
    EventSourceArn: mapping.eventSourceArn,
    FunctionArn: functionArn,
    LastModified: mapping.lastModified,
    LastProcessingResult: mapping.lastProcessingResult,
    State: mapping.state,
    StateTransitionReason: 'User action',
    DestinationConfig: { OnFailure: mapping.onFailureDestination ? { Destination: mapping.onFailureDestination } : {} },
    MaximumRecordAgeInSeconds: mapping.maximumRecordAgeInSeconds,
    BisectBatchOnFunctionError: mapping.bisectBatchOnFunctionError,
    MaximumRetryAttempts: mapping.maximumRetryAttempts,
    TumblingWindowInSeconds: 0,
    FunctionResponseTypes: mapping.functionResponseTypes,
    EventSourceMappingArn: `arn:aws:lambda:${region}:${mapping.accountId}:event-source-mapping:${mapping.uuid}`,
  };
  if (mapping.filterCriteria) configuration.FilterCriteria = mapping.filterCriteria;
  return configuration;
}
