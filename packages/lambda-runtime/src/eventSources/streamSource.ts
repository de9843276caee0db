/**
 * What event source mappings need from a DynamoDB stream, written structurally so this package
 * does not depend on @kuhiro/streams (the edge node passes its StreamsService in).
 */
export interface TriggerStreamRecord {
  /** 'remote' records were replicated from another PoP: they trigger functions there, not here. */
  origin: 'local' | 'remote';
  appendedAtMs: number;
  record: { dynamodb: { SequenceNumber: string; ApproximateCreationDateTime: number } };
}

export interface StreamSource {
  /** The stream if it exists and belongs to the tenant. */
  findStream(tenant: string, streamArn: string): { streamArn: string; shardId?: string } | undefined;
  /** Records after `after` ('' = from the oldest kept), at most `limit`, in sequence order. */
  readAfter(streamArn: string, after: string, limit: number): TriggerStreamRecord[];
  /** The newest record's sequence number (or the stream's starting one): where LATEST begins. */
  lastSequenceNumber(streamArn: string): string | undefined;
  /** Called after records were appended to a stream. */
  onAppend(listener: (streamArn: string) => void): () => void;
}
