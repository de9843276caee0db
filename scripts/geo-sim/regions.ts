// Regions of the simulation and the one-way delays between them.
//
// Round-trip times: the "Latency Between AWS Global Regions" table (average RTT in ms between
// AWS regions), as republished at
// https://acomputerscientistlearnsaws.blogspot.com/2017/04/aws-regions.html .
// The table is not exactly symmetric (A->B and B->A were measured apart); we use the mean of
// the two directions and halve it for the one-way delay the proxy adds to each direction.

export type Region = 'us-east-1' | 'us-west-2' | 'eu-central-1' | 'ap-northeast-1';

export const REGIONS: readonly Region[] = ['us-east-1', 'us-west-2', 'eu-central-1', 'ap-northeast-1'];

export const REGION_LABELS: Record<Region, string> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-west-2': 'US West (Oregon)',
  'eu-central-1': 'EU (Frankfurt)',
  'ap-northeast-1': 'Asia Pacific (Tokyo)',
};

/** Mean RTT in ms between two regions (both directions of the source table averaged). */
const RTT_MS: Record<string, number> = {
  'us-east-1|us-west-2': (86.98 + 88.68) / 2,
  'us-east-1|eu-central-1': (88.66 + 88.62) / 2,
  'us-east-1|ap-northeast-1': (145.3 + 145.3) / 2,
  'us-west-2|eu-central-1': (159.5 + 159.5) / 2,
  'us-west-2|ap-northeast-1': (89.1 + 89.16) / 2,
  'eu-central-1|ap-northeast-1': (236.5 + 236.6) / 2,
};

/**
 * The last mile: a user and a PoP in the same region are not at distance 0. 5 ms one way
 * (10 ms RTT) is our assumption for a metro-area access network, not a number from the table.
 */
export const SAME_REGION_ONE_WAY_MS = 5;

/** One-way backbone delay in ms between nodes in two regions (half the mean RTT). */
export function nodeToNodeMs(from: Region, to: Region): number {
  if (from === to) return 0;
  const rtt = RTT_MS[`${from}|${to}`] ?? RTT_MS[`${to}|${from}`];
  if (rtt === undefined) throw new Error(`no RTT between ${from} and ${to}`);
  return rtt / 2;
}

/** One-way delay in ms from a user in `user` to a PoP in `pop`: the last mile plus the backbone. */
export function userToPopMs(user: Region, pop: Region): number {
  return SAME_REGION_ONE_WAY_MS + nodeToNodeMs(user, pop);
}

/** PoP regions ordered from nearest to farthest for a user in `user`. */
export function byDistance(user: Region, candidates: readonly Region[]): Region[] {
  return [...candidates].sort((a, b) => userToPopMs(user, a) - userToPopMs(user, b));
}
