/** Per-peer replication figures, JSON-able (served by the node's status and metrics). */
export interface PeerStats {
  name: string;
  role: 'edge' | 'central';
  group?: string;
  connected: boolean;
  connects: number;
  rttMs: number | null;
  /** Records (by seq) this node holds for origins it sends to the peer that the peer has not confirmed. */
  lagRecords: number;
  /** Records waiting to be sent: queue depth. */
  queueDepth: number;
  /** Age of the oldest frame sent and not yet acknowledged. */
  oldestUnackedMs: number;
  inFlightBytes: number;
  framesSent: number;
  bytesSent: number;
  recordsFramesSent: number;
  seqsSent: number;
  framesReceived: number;
  bytesReceived: number;
  seqsApplied: number;
  seqsDuplicate: number;
  gaps: number;
  stateTransfersSent: number;
  stateTransfersReceived: number;
  peerVector: Record<string, number>;
}
