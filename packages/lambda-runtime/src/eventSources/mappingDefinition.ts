import type { MappingState } from './mappingTypes.js';

/** What a client chose for a mapping: everything but this PoP's own delivery state. */
export type MappingDefinition = Omit<MappingState, 'state' | 'lastProcessingResult' | 'checkpoint'>;

/** One mapping created, updated (definition) or deleted (undefined), for control-plane replication. */
export interface MappingChange {
  tenant: string;
  uuid: string;
  definition: MappingDefinition | undefined;
}

export type MappingChangeListener = (change: MappingChange) => void | Promise<void>;

export function mappingDefinition(mapping: MappingState): MappingDefinition {
  const { state: _state, lastProcessingResult: _result, checkpoint: _checkpoint, ...definition } = mapping;
  return JSON.parse(JSON.stringify(definition)) as MappingDefinition;
}
