import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The security audit log (安全审计日志): an append-only, hash-chained table and its one-row
 * chain head. Triggers keep it append-only for everyone who does not switch triggers off:
 * no UPDATE, no TRUNCATE, no DELETE of a row younger than the 180-day retention, and every
 * insert must extend the head it advances. The format is described in docs/audit.md.
 */
export class AuditLog1764700000000 implements MigrationInterface {
  name = 'AuditLog1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        seq               bigint      PRIMARY KEY CHECK (seq > 0),
        at                timestamptz NOT NULL,
        actor_account_id  text,
        actor_username    text,
        actor_person_id   text,
        source_ip         text,
        action            text        NOT NULL,
        target            text,
        outcome           text        NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
        detail            jsonb       NOT NULL DEFAULT '{}',
        prev_hash         text        NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash              text        NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
      )`);
    await q.query('CREATE INDEX audit_log_at ON audit_log (at)');
    await q.query('CREATE INDEX audit_log_actor_at ON audit_log (actor_account_id, at)');
    await q.query('CREATE INDEX audit_log_action_at ON audit_log (action, at)');

    // The last link of the chain. Appenders lock this row FOR UPDATE, which serialises them
    // across processes and makes seq contiguous (a sequence would leave gaps on rollback).
    await q.query(`
      CREATE TABLE audit_chain_head (
        id    smallint PRIMARY KEY CHECK (id = 1),
        seq   bigint   NOT NULL CHECK (seq >= 0),
        hash  text     NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
      )`);
    await q.query(`INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, repeat('0', 64))`);

    // Every insert must extend the head, and moves it. `at` may not be back-dated by more than an
    // hour, so that the retention rule below cannot be side-stepped by an old timestamp.
    await q.query(`
      CREATE FUNCTION audit_log_extend_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        head audit_chain_head%ROWTYPE;
      BEGIN
        SELECT * INTO head FROM audit_chain_head WHERE id = 1 FOR UPDATE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'audit_chain_head is missing' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF NEW.seq <> head.seq + 1 OR NEW.prev_hash <> head.hash THEN
          RAISE EXCEPTION 'audit_log row % does not extend the chain head (seq %)', NEW.seq, head.seq
            USING ERRCODE = 'integrity_constraint_violation',
                  HINT = 'append through the audit service, which locks audit_chain_head first';
        END IF;
        IF NEW.at > clock_timestamp() + interval '5 minutes' OR NEW.at < clock_timestamp() - interval '1 hour' THEN
          RAISE EXCEPTION 'audit_log row % has time % too far from the database clock (%)', NEW.seq, NEW.at, clock_timestamp()
            USING ERRCODE = 'check_violation';
        END IF;
        UPDATE audit_chain_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_extend_chain BEFORE INSERT ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_extend_chain()`);

    await q.query(`
      CREATE FUNCTION audit_log_reject_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: UPDATE of row % is not allowed', OLD.seq
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_reject_update BEFORE UPDATE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_reject_update()`);

    await q.query(`
      CREATE FUNCTION audit_log_enforce_retention() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.at > now() - interval '180 days' THEN
          RAISE EXCEPTION 'audit_log rows are kept for 180 days: row % (at %) may not be deleted before %',
            OLD.seq, OLD.at, OLD.at + interval '180 days'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN OLD;
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_enforce_retention BEFORE DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_enforce_retention()`);

    await q.query(`
      CREATE FUNCTION audit_reject_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'TRUNCATE of % is not allowed: the audit trail is append-only', TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_reject_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_truncate()`);
    await q.query(`
      CREATE TRIGGER audit_chain_head_reject_truncate BEFORE TRUNCATE ON audit_chain_head
        FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_truncate()`);

    // The head moves only from inside audit_log_extend_chain (trigger depth 2), never by hand.
    await q.query(`
      CREATE FUNCTION audit_chain_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND pg_trigger_depth() > 1 THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_chain_head moves only by appending to audit_log: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_chain_head_guard BEFORE UPDATE OR DELETE ON audit_chain_head
        FOR EACH ROW EXECUTE FUNCTION audit_chain_head_guard()`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Reverting must not be a way to destroy the audit trail: an operator who means it drops
    // the tables by hand, after archiving them.
    const rows = (await q.query('SELECT 1 FROM audit_log LIMIT 1')) as unknown[];
    if (rows.length > 0) throw new Error('audit_log holds records: archive and drop it by hand before reverting');
    await q.query('DROP TABLE audit_chain_head');
    await q.query('DROP TABLE audit_log');
    await q.query('DROP FUNCTION audit_chain_head_guard()');
    await q.query('DROP FUNCTION audit_reject_truncate()');
    await q.query('DROP FUNCTION audit_log_enforce_retention()');
    await q.query('DROP FUNCTION audit_log_reject_update()');
    await q.query('DROP FUNCTION audit_log_extend_chain()');
  }
}
