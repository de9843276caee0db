export const LIMITS = {
  /** DynamoDB refuses request bodies over 16 MB (BatchWriteItem's ceiling); so do we, before parsing. */
  maxRequestBytes: 16 * 1024 * 1024,
  /** Bodies smaller than this are sent uncompressed: gzip's header and CPU cost more than they save. */
  minGzipResponseBytes: 1024,
} as const;
