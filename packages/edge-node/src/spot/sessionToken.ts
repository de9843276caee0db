/**
 * `x-kuhiro-session`: the replication positions a client's next request should see, as
 * `origin=seq` pairs joined by `,` (origin names URI-encoded), e.g. `central=41,eu-1=7`.
 * Compact enough for a header, and merging two tokens is a per-origin max.
 */
export const SESSION_HEADER = 'x-kuhiro-session';

/** More origins than any network has: a longer header is ignored rather than parsed. */
const MAX_ENTRIES = 64;

export type SessionVector = Record<string, number>;

export function parseSession(header: string | undefined): SessionVector {
  const vector: SessionVector = {};
  if (!header) return vector;
  const parts = header.split(',');
  if (parts.length > MAX_ENTRIES) return vector;
  for (const part of parts) {
    const eq = part.lastIndexOf('=');
    if (eq <= 0) continue;
    let origin: string;
    try {
      origin = decodeURIComponent(part.slice(0, eq).trim());
    } catch {
      continue;
    }
    const seq = Number(part.slice(eq + 1).trim());
    if (Number.isSafeInteger(seq) && seq > 0) vector[origin] = Math.max(vector[origin] ?? 0, seq);
  }
  return vector;
}

export function formatSession(vector: SessionVector): string {
  return Object.entries(vector)
    .filter(([, seq]) => seq > 0)
    .map(([origin, seq]) => `${encodeURIComponent(origin)}=${seq}`)
    .join(',');
}

export function mergeSessions(...vectors: SessionVector[]): SessionVector {
  const merged: SessionVector = {};
  for (const vector of vectors) {
    for (const [origin, seq] of Object.entries(vector)) merged[origin] = Math.max(merged[origin] ?? 0, seq);
  }
  return merged;
}
