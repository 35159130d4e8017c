import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in: local accounts (a business account acts for one person; an administrator account
 * holds one of the three separated administrator roles and no person), their sessions, login
 * rate-limit windows, and the stored outcomes of requests made with an idempotency key.
 */
export class Identity1764600000000 implements MigrationInterface {
  name = 'Identity1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE account (
        id                   text PRIMARY KEY,
        username             text NOT NULL,
        password_hash        text NOT NULL,
        person_id            text REFERENCES person (id),
        admin_role           text CHECK (admin_role IN ('system_admin', 'security_admin', 'audit_admin')),
        disabled             boolean NOT NULL DEFAULT false,
        failed_logins        integer NOT NULL DEFAULT 0,
        locked_until         timestamptz,
        password_changed_at  timestamptz NOT NULL DEFAULT now(),
        totp_secret          text,
        totp_pending_secret  text,
        totp_last_step       bigint,
        created_at           timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT account_person_or_admin CHECK ((person_id IS NULL) <> (admin_role IS NULL))
      )`);
    await q.query('CREATE UNIQUE INDEX account_username ON account (lower(username))');
    await q.query('CREATE UNIQUE INDEX account_person ON account (person_id) WHERE person_id IS NOT NULL');

    await q.query(`
      CREATE TABLE auth_session (
        id                uuid PRIMARY KEY,
        account_id        text NOT NULL REFERENCES account (id),
        token_hash        text NOT NULL,
        token_expires_at  timestamptz NOT NULL,
        refresh_hash      text NOT NULL,
        expires_at        timestamptz NOT NULL,
        last_seen_at      timestamptz NOT NULL,
        created_at        timestamptz NOT NULL DEFAULT now(),
        revoked_at        timestamptz,
        revoked_reason    text,
        source_ip         text,
        user_agent        text
      )`);
    await q.query('CREATE UNIQUE INDEX auth_session_token ON auth_session (token_hash)');
    await q.query('CREATE UNIQUE INDEX auth_session_refresh ON auth_session (refresh_hash)');
    await q.query('CREATE INDEX auth_session_account ON auth_session (account_id) WHERE revoked_at IS NULL');

    await q.query(`
      CREATE TABLE rate_limit_window (
        key           text NOT NULL,
        window_start  timestamptz NOT NULL,
        hits          integer NOT NULL,
        PRIMARY KEY (key, window_start)
      )`);

    await q.query(`
      CREATE TABLE idempotent_request (
        account_id      text NOT NULL,
        key             text NOT NULL,
        method          text NOT NULL,
        path            text NOT NULL,
        request_hash    text NOT NULL,
        status          integer,
        response        jsonb,
        created_at      timestamptz NOT NULL DEFAULT now(),
        completed_at    timestamptz,
        PRIMARY KEY (account_id, key)
      )`);
    await q.query('CREATE INDEX idempotent_request_created ON idempotent_request (created_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE idempotent_request');
    await q.query('DROP TABLE rate_limit_window');
    await q.query('DROP TABLE auth_session');
    await q.query('DROP TABLE account');
  }
}
