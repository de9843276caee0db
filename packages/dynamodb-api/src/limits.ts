/** DynamoDB's documented service limits that the API enforces. */
export const LIMITS = {
  /** Bytes, as DynamoDB computes item size (attribute names + values). */
  MAX_ITEM_SIZE: 400 * 1024,
  MAX_PARTITION_KEY_BYTES: 2048,
  MAX_SORT_KEY_BYTES: 1024,
  MAX_LOCAL_SECONDARY_INDEXES: 5,
  MAX_GLOBAL_SECONDARY_INDEXES: 20,
  /** Read/write capacity units above this are "out of bounds" (observed AWS answer). */
  MAX_CAPACITY_UNITS: 1_000_000_000_000,
  MAX_TAGS_PER_RESOURCE: 50,
  LIST_TABLES_MAX_LIMIT: 100,
  /** Per-account and per-table throughput limits DescribeLimits reports (AWS defaults). */
  ACCOUNT_MAX_CAPACITY_UNITS: 80000,
  TABLE_MAX_CAPACITY_UNITS: 40000,
} as const;
