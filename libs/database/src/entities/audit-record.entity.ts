import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One line of the security audit log (安全审计日志): who did what, when, from where, and how it
 * ended. Rows are hash-chained and append-only; they are written and read by `@lib/audit`
 * only, never through a repository `save()`, and never leave the API as they are.
 */
@Entity({ name: 'audit_log' })
export class AuditRecord {
  /** Position in the chain: contiguous from 1, assigned under the chain-head lock. */
  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ name: 'actor_account_id', type: 'text', nullable: true })
  actorAccountId!: string | null;

  @Column({ name: 'actor_username', type: 'text', nullable: true })
  actorUsername!: string | null;

  @Column({ name: 'actor_person_id', type: 'text', nullable: true })
  actorPersonId!: string | null;

  @Column({ name: 'source_ip', type: 'text', nullable: true })
  sourceIp!: string | null;

  /** Dotted, lower case: `auth.login`, `rectification.acknowledge`, `evidence.download`. */
  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text', nullable: true })
  target!: string | null;

  @Column({ type: 'text' })
  outcome!: 'success' | 'failure' | 'denied';

  @Column({ type: 'jsonb', default: () => "'{}'" })
  detail!: Record<string, unknown>;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash!: string;

  @Column({ type: 'text' })
  hash!: string;
}
