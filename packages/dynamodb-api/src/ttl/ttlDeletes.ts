/**
 * Marks the TTL sweeper's own deletes while they run. The store reports a write to its onCommit
 * listeners synchronously inside `write`, so a listener (DynamoDB Streams) that asks during the
 * call learns the delete was the service's: AWS gives those stream records
 * `userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' }`.
 */
let sweeping = 0;

export function runAsTtlDelete<T>(write: () => T): T {
  sweeping++;
  try {
    return write();
  } finally {
    sweeping--;
  }
}

export function isTtlDeleteInProgress(): boolean {
  return sweeping > 0;
}
