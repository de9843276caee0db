/**
 * A shard iterator is opaque to clients; ours is base64url JSON of where it points and when it
 * was issued (AWS's expire after 15 minutes). `after` is the sequence number already consumed;
 * `horizon` points at the oldest record still kept, whatever was trimmed meanwhile.
 */
export interface ShardPosition {
  streamArn: string;
  shardId: string;
  after: string;
  horizon: boolean;
  issuedAtMs: number;
}

export function encodeShardIterator(position: ShardPosition): string {
  const compact = [position.streamArn, position.shardId, position.after, position.horizon ? 1 : 0, position.issuedAtMs];
  return Buffer.from(JSON.stringify(compact)).toString('base64url');
}

export function decodeShardIterator(text: string): ShardPosition | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 5) return undefined;
    const [streamArn, shardId, after, horizon, issuedAtMs] = parsed as unknown[];
    if (typeof streamArn !== 'string' || typeof shardId !== 'string' || typeof after !== 'string' || typeof issuedAtMs !== 'number') return undefined;
    return { streamArn, shardId, after, horizon: horizon === 1, issuedAtMs };
  } catch {
    return undefined;
  }
}
