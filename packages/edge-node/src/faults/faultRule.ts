import { z } from 'zod';
import { OPERATIONS as DYNAMODB_OPERATIONS } from '@kuhiro/dynamodb-api';
import { LAMBDA_OPERATIONS } from '@kuhiro/lambda-runtime';
import { DYNAMODB_FAULT_ERRORS, LAMBDA_FAULT_ERRORS, LAMBDA_THROTTLE_REASONS } from './faultErrors.js';

export type FaultService = 'dynamodb' | 'lambda' | 'replication';

/** The longest latency or fault lifetime a rule may ask for: a typo must not hang a node for days. */
const MAX_LATENCY_MS = 10 * 60_000;

/**
 * A fault rule as a client sends it (`POST /_kuhiro/faults`, `FaultRegistry.add`).
 * Request faults (`dynamodb`, `lambda`): an AWS error and/or added latency, for a table or
 * function (all if absent), some operations (all if absent), N requests and/or a time, with a
 * probability. Network faults (`replication`): a partition from, or a one-way delay to, peers.
 */
export const FaultRuleInputSchema = z
  .object({
    service: z.enum(['dynamodb', 'lambda', 'replication']),
    target: z.string().min(1).max(1024).optional(),
    operations: z.array(z.string().min(1)).min(1).optional(),
    error: z.string().min(1).optional(),
    /** Lambda TooManyRequestsException only: the `Reason` member Lambda sends. */
    reason: z.enum(LAMBDA_THROTTLE_REASONS).optional(),
    latencyMs: z.number().int().min(0).max(MAX_LATENCY_MS).optional(),
    count: z.number().int().min(1).optional(),
    durationMs: z.number().int().min(1).optional(),
    until: z.number().int().min(0).optional(),
    probability: z.number().min(0).max(1).optional(),
    tenant: z.string().min(1).optional(),
    partition: z.boolean().optional(),
    peers: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    const problem = (message: string, path?: string) => ctx.addIssue({ code: 'custom', message, ...(path ? { path: [path] } : {}) });
    if (rule.durationMs !== undefined && rule.until !== undefined) problem('give durationMs or until, not both');
    if (rule.service === 'replication') {
      for (const field of ['target', 'operations', 'error', 'reason', 'count', 'probability'] as const) {
        if (rule[field] !== undefined) problem(`not for replication faults (use peers, partition, latencyMs)`, field);
      }
      if (rule.partition !== true && rule.latencyMs === undefined) problem('a replication fault needs partition: true or latencyMs');
      return;
    }
    for (const field of ['partition', 'peers'] as const) {
      if (rule[field] !== undefined) problem(`only for service "replication"`, field);
    }
    if (rule.error === undefined && rule.latencyMs === undefined) problem('a fault needs an error, a latencyMs, or both');
    const errors = rule.service === 'dynamodb' ? Object.keys(DYNAMODB_FAULT_ERRORS) : Object.keys(LAMBDA_FAULT_ERRORS);
    if (rule.error !== undefined && !errors.includes(rule.error)) problem(`unknown ${rule.service} error "${rule.error}"; one of ${errors.join(', ')}`, 'error');
    if (rule.reason !== undefined && !(rule.service === 'lambda' && rule.error === 'TooManyRequestsException')) {
      problem('reason is for lambda TooManyRequestsException only', 'reason');
    }
    const operations = rule.service === 'dynamodb' ? Object.keys(DYNAMODB_OPERATIONS) : LAMBDA_OPERATIONS.map((route) => route.name);
    for (const operation of rule.operations ?? []) {
      if (!operations.includes(operation)) problem(`unknown ${rule.service} operation "${operation}"`, 'operations');
    }
  });

export type FaultRuleInput = z.infer<typeof FaultRuleInputSchema>;

/** A rule as the registry holds and lists it. */
export interface FaultRule {
  id: string;
  service: FaultService;
  target?: string;
  operations?: string[];
  error?: string;
  reason?: FaultRuleInput['reason'];
  latencyMs?: number;
  /** Requests still to fault (absent = unlimited). */
  remaining?: number;
  /** Epoch ms after which the rule is gone (absent = until removed). */
  expiresAt?: number;
  probability?: number;
  tenant?: string;
  partition?: boolean;
  peers?: string[];
  createdAt: number;
  /** Requests this rule has faulted so far. */
  hits: number;
}

export class FaultRuleError extends Error {
  override name = 'FaultRuleError';
}
