import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@lib/config';
import { pageLimit, pageOf, returnedRows } from '@lib/database';
import { ADMIN_ROLES, type AdminRole, type Principal, type Role } from '@lib/contracts';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '@lib/errors';
import { hashPassword, verifyNothing, verifyPassword } from './passwords';
import { passwordProblems } from './password-policy';
import { RateLimiter } from './rate-limiter';
import { SecretBox } from './secret-box';
import { matchTotp, newTotpSecret, otpauthUri } from './totp';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
const TOTP_ISSUER = 'Supervision Loop';
/** How stale `last_seen_at` may get before a request refreshes it: bounds the idle clock's error. */
const TOUCH_AFTER_MS = 15_000;

export interface ClientInfo {
  ip: string | null;
  userAgent?: string | null;
}

export interface NewAccount {
  username: string;
  password: string;
  personId?: string;
  adminRole?: AdminRole;
}

export interface AccountView {
  id: string;
  username: string;
  personId: string | null;
  adminRole: AdminRole | null;
  disabled: boolean;
  lockedUntil: string | null;
  totpEnabled: boolean;
  createdAt: string;
}

export interface Tokens {
  tokenType: 'Bearer';
  accessToken: string;
  /** When the access token stops working; refresh before then. */
  expiresAt: string;
  refreshToken: string;
  /** When the session ends whatever its use; sign in again after that. */
  sessionExpiresAt: string;
}

interface AccountRow {
  id: string;
  username: string;
  password_hash: string;
  person_id: string | null;
  admin_role: AdminRole | null;
  disabled: boolean;
  failed_logins: number;
  locked_until: Date | null;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_last_step: string | null;
  created_at: Date;
  person_active: boolean | null;
}

interface SessionRow {
  session_id: string;
  token_expires_at: Date;
  expires_at: Date;
  last_seen_at: Date;
  account_id: string;
  username: string;
  admin_role: AdminRole | null;
  disabled: boolean;
  person_id: string | null;
  unit_id: string | null;
  roles: Role[] | null;
  person_active: boolean | null;
}

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/;

function unauthorized(code: string, message: string, messageZh: string): DomainError {
  return new DomainError(code, 401, message, messageZh);
}

const invalidCredentials = () =>
  unauthorized('INVALID_CREDENTIALS', 'the user name or password is wrong', '用户名或密码错误');

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function newToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

function view(row: AccountRow): AccountView {
  return {
    id: row.id,
    username: row.username,
    personId: row.person_id,
    adminRole: row.admin_role,
    disabled: row.disabled,
    lockedUntil: row.locked_until && row.locked_until > new Date() ? row.locked_until.toISOString() : null,
    totpEnabled: row.totp_secret !== null,
    createdAt: row.created_at.toISOString(),
  };
}

const ACCOUNT_SELECT = `SELECT a.*, p.active AS person_active FROM account a LEFT JOIN person p ON p.id = a.person_id`;

/**
 * Local accounts and their sessions: Argon2id passwords under a policy, lock-out after repeated
 * failures, rate-limited sign-in, an optional TOTP second factor, short-lived access tokens
 * renewed by a rotating refresh token, idle and absolute session limits, and revocation that
 * takes effect on the next request.
 */
@Injectable()
export class IdentityService {
  private readonly limiter: RateLimiter;
  private readonly box: SecretBox;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.limiter = new RateLimiter(dataSource);
    this.box = SecretBox.fromConfig(config);
  }

  // ── accounts ──────────────────────────────────────────────────────────────────────────────

  async createAccount(input: NewAccount): Promise<AccountView> {
    const problems = [
      ...(USERNAME.test(input.username)
        ? []
        : [{ field: 'username', code: 'USERNAME_INVALID', message: 'a user name is 3–64 letters, digits, . _ or -' }]),
      ...passwordProblems(input.password, input.username),
    ];
    if ((input.personId === undefined) === (input.adminRole === undefined)) {
      problems.push({
        field: 'personId',
        code: 'PERSON_OR_ADMIN_ROLE',
        message: 'an account acts for one person or holds one administrator role, not both and not neither',
      });
    }
    if (input.adminRole !== undefined && !ADMIN_ROLES.includes(input.adminRole)) {
      problems.push({
        field: 'adminRole',
        code: 'UNKNOWN_ADMIN_ROLE',
        message: `no administrator role ${input.adminRole}`,
      });
    }
    if (problems.length > 0) throw new ValidationError(problems);
    if (input.personId !== undefined) {
      const [person]: unknown[] = await this.dataSource.query(`SELECT 1 FROM person WHERE id = $1`, [input.personId]);
      if (!person)
        throw new ValidationError([
          { field: 'personId', code: 'UNKNOWN_PERSON', message: `no person ${input.personId}` },
        ]);
    }
    const passwordHash = await hashPassword(input.password);
    const id = `acc_${randomUUID()}`;
    const inserted: { id: string }[] = await this.dataSource.query(
      `INSERT INTO account (id, username, password_hash, person_id, admin_role)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id`,
      [id, input.username, passwordHash, input.personId ?? null, input.adminRole ?? null],
    );
    if (inserted.length === 0) {
      throw new ConflictError(
        'ACCOUNT_EXISTS',
        'that user name is taken, or the person already has an account',
        '用户名已被使用，或该人员已有账号',
        'username',
      );
    }
    return this.account(id);
  }

  async account(id: string): Promise<AccountView> {
    return view(await this.accountRow(id));
  }

  async accountByUsername(username: string): Promise<AccountView | null> {
    const [row]: AccountRow[] = await this.dataSource.query(`${ACCOUNT_SELECT} WHERE lower(a.username) = lower($1)`, [
      username,
    ]);
    return row ? view(row) : null;
  }

  /** Accounts by user name, optionally those whose name contains `q`, or only (not) disabled ones. */
  async listAccounts(
    filter: { q?: string; disabled?: boolean; limit?: number; offset?: number } = {},
  ): Promise<{ total: number; items: AccountView[] }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.q) {
      params.push(`%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`a.username ILIKE $${params.length}`);
    }
    if (filter.disabled !== undefined) {
      params.push(filter.disabled);
      where.push(`a.disabled = $${params.length}`);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: { total: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM account a ${clause}`,
      params,
    );
    const rows: AccountRow[] = await this.dataSource.query(
      `${ACCOUNT_SELECT} ${clause} ORDER BY a.username, a.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageLimit(filter.limit), filter.offset ?? 0],
    );
    return pageOf(filter, total, rows.map(view));
  }

  /** Disable or re-enable an account; disabling ends its sessions at once. */
  async setDisabled(id: string, disabled: boolean): Promise<AccountView> {
    await this.accountRow(id);
    await this.dataSource.transaction(async (tx) => {
      await tx.query(`UPDATE account SET disabled = $2 WHERE id = $1`, [id, disabled]);
      if (disabled) await this.revokeAll(tx, id, 'account_disabled');
    });
    return this.account(id);
  }

  async unlock(id: string): Promise<AccountView> {
    await this.accountRow(id);
    await this.dataSource.query(`UPDATE account SET failed_logins = 0, locked_until = NULL WHERE id = $1`, [id]);
    return this.account(id);
  }

  /** End every session of an account (an administrator's kill switch); returns how many. */
  async revokeSessions(id: string, reason = 'revoked_by_admin'): Promise<number> {
    await this.accountRow(id);
    return this.dataSource.transaction((tx) => this.revokeAll(tx, id, reason));
  }

  async changePassword(principal: Principal, current: string, next: string): Promise<void> {
    const row = await this.accountRow(principal.accountId);
    if (!(await verifyPassword(row.password_hash, current))) {
      throw new DomainError('PASSWORD_WRONG', 403, 'the current password is wrong', '当前密码错误', 'currentPassword');
    }
    const problems = passwordProblems(next, row.username, 'newPassword');
    if (current === next) {
      problems.push({ field: 'newPassword', code: 'PASSWORD_UNCHANGED', message: 'the new password is the old one' });
    }
    if (problems.length > 0) throw new ValidationError(problems);
    const passwordHash = await hashPassword(next);
    await this.dataSource.transaction(async (tx) => {
      await tx.query(`UPDATE account SET password_hash = $2, password_changed_at = now() WHERE id = $1`, [
        row.id,
        passwordHash,
      ]);
      await tx.query(
        `UPDATE auth_session SET revoked_at = now(), revoked_reason = 'password_changed'
         WHERE account_id = $1 AND revoked_at IS NULL AND id <> $2`,
        [row.id, principal.sessionId],
      );
    });
  }

  // ── sign-in and sessions ──────────────────────────────────────────────────────────────────

  async login(
    input: { username: string; password: string; totpCode?: string },
    client: ClientInfo,
    now = new Date(),
  ): Promise<Tokens & { account: AccountView }> {
    await this.limiter.hit(
      [
        { key: `login:ip:${client.ip ?? 'unknown'}`, limit: this.config.LOGIN_RATE_LIMIT_PER_IP },
        { key: `login:user:${input.username.toLowerCase()}`, limit: this.config.LOGIN_RATE_LIMIT_PER_USER },
      ],
      now,
    );
    const [found]: AccountRow[] = await this.dataSource.query(`${ACCOUNT_SELECT} WHERE lower(a.username) = lower($1)`, [
      input.username,
    ]);
    if (!found) {
      await verifyNothing(input.password);
      throw invalidCredentials();
    }
    let row = found;
    if (row.locked_until && row.locked_until > now) {
      throw new DomainError(
        'ACCOUNT_LOCKED',
        423,
        `too many failed sign-ins; the account is locked until ${row.locked_until.toISOString()}`,
        '登录失败次数过多，账号已临时锁定',
      );
    }
    if (row.locked_until) {
      await this.dataSource.query(`UPDATE account SET failed_logins = 0, locked_until = NULL WHERE id = $1`, [row.id]);
      row = { ...row, failed_logins: 0, locked_until: null };
    }
    if (!(await verifyPassword(row.password_hash, input.password))) {
      await this.recordFailure(row.id, now);
      throw invalidCredentials();
    }
    if (row.disabled || row.person_active === false) {
      throw unauthorized('ACCOUNT_DISABLED', 'the account is disabled', '账号已停用');
    }
    if (row.totp_secret) {
      if (!input.totpCode) {
        throw unauthorized('TOTP_REQUIRED', 'this account needs its one-time code', '请输入动态验证码');
      }
      const step = matchTotp(this.box.open(row.totp_secret), input.totpCode, now);
      const used = returnedRows(
        await this.dataSource.query(
          `UPDATE account SET totp_last_step = $2 WHERE id = $1 AND coalesce(totp_last_step, -1) < $2 RETURNING id`,
          [row.id, step ?? 0],
        ),
      );
      if (step === null || used.length === 0) {
        await this.recordFailure(row.id, now);
        throw unauthorized('TOTP_INVALID', 'the one-time code is wrong or was already used', '动态验证码错误或已使用');
      }
    }
    await this.dataSource.query(`UPDATE account SET failed_logins = 0, locked_until = NULL WHERE id = $1`, [row.id]);
    const tokens = await this.openSession(row.id, client, now);
    if (Math.random() < 0.02) await this.purgeSessions(now);
    return { ...tokens, account: view(row) };
  }

  /** Who holds this access token, or a 401 naming why not. */
  async authenticate(token: string, now = new Date()): Promise<Principal> {
    const [row]: SessionRow[] = await this.dataSource.query(
      `SELECT s.id AS session_id, s.token_expires_at, s.expires_at, s.last_seen_at,
              a.id AS account_id, a.username, a.admin_role, a.disabled,
              p.id AS person_id, p.unit_id, p.roles, p.active AS person_active
         FROM auth_session s
         JOIN account a ON a.id = s.account_id
         LEFT JOIN person p ON p.id = a.person_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL`,
      [tokenHash(token)],
    );
    if (!row) throw unauthorized('TOKEN_INVALID', 'the access token is not valid', '访问令牌无效');
    await this.requireLive(row, now);
    if (row.token_expires_at <= now) {
      throw unauthorized('TOKEN_EXPIRED', 'the access token has expired; refresh it', '访问令牌已过期，请刷新');
    }
    if (now.getTime() - row.last_seen_at.getTime() > TOUCH_AFTER_MS) {
      await this.dataSource.query(`UPDATE auth_session SET last_seen_at = $2 WHERE id = $1`, [row.session_id, now]);
    }
    return {
      accountId: row.account_id,
      username: row.username,
      sessionId: row.session_id,
      adminRole: row.admin_role,
      personId: row.person_id,
      unitId: row.unit_id,
      roles: row.roles ?? [],
    };
  }

  /** New tokens for a live session; the refresh token works once. */
  async refresh(refreshToken: string, now = new Date()): Promise<Tokens> {
    const [row]: SessionRow[] = await this.dataSource.query(
      `SELECT s.id AS session_id, s.token_expires_at, s.expires_at, s.last_seen_at,
              a.id AS account_id, a.username, a.admin_role, a.disabled, p.active AS person_active
         FROM auth_session s JOIN account a ON a.id = s.account_id LEFT JOIN person p ON p.id = a.person_id
        WHERE s.refresh_hash = $1 AND s.revoked_at IS NULL`,
      [tokenHash(refreshToken)],
    );
    if (!row) throw unauthorized('TOKEN_INVALID', 'the refresh token is not valid', '刷新令牌无效');
    await this.requireLive(row, now);
    const accessToken = newToken('sla');
    const next = newToken('slr');
    const expiresAt = this.tokenExpiry(now, row.expires_at);
    const rotated = returnedRows(
      await this.dataSource.query(
        `UPDATE auth_session SET token_hash = $3, refresh_hash = $4, token_expires_at = $5, last_seen_at = $6
          WHERE id = $1 AND refresh_hash = $2 AND revoked_at IS NULL RETURNING id`,
        [row.session_id, tokenHash(refreshToken), tokenHash(accessToken), tokenHash(next), expiresAt, now],
      ),
    );
    if (rotated.length === 0) throw unauthorized('TOKEN_INVALID', 'the refresh token is not valid', '刷新令牌无效');
    return {
      tokenType: 'Bearer',
      accessToken,
      expiresAt: expiresAt.toISOString(),
      refreshToken: next,
      sessionExpiresAt: row.expires_at.toISOString(),
    };
  }

  async logout(sessionId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE auth_session SET revoked_at = now(), revoked_reason = 'logout' WHERE id = $1 AND revoked_at IS NULL`,
      [sessionId],
    );
  }

  // ── TOTP ──────────────────────────────────────────────────────────────────────────────────

  /** Start enrolling a second factor: the secret to put in an authenticator app. */
  async enrollTotp(principal: Principal): Promise<{ secret: string; otpauthUri: string }> {
    const row = await this.accountRow(principal.accountId);
    if (row.totp_secret) {
      throw new ConflictError('TOTP_ALREADY_ENABLED', 'a second factor is already enabled', '已启用动态验证码');
    }
    const secret = newTotpSecret();
    await this.dataSource.query(`UPDATE account SET totp_pending_secret = $2 WHERE id = $1`, [
      row.id,
      this.box.seal(secret),
    ]);
    return { secret, otpauthUri: otpauthUri(secret, row.username, TOTP_ISSUER) };
  }

  /** Finish enrolling with a code from the app; from now on sign-in asks for one. */
  async confirmTotp(principal: Principal, code: string, now = new Date()): Promise<AccountView> {
    const row = await this.accountRow(principal.accountId);
    if (!row.totp_pending_secret) {
      throw new DomainError(
        'TOTP_NOT_ENROLLING',
        409,
        'start enrolling a second factor first',
        '请先开始绑定动态验证码',
      );
    }
    const step = matchTotp(this.box.open(row.totp_pending_secret), code, now);
    if (step === null) {
      throw new DomainError('TOTP_INVALID', 400, 'the one-time code is wrong', '动态验证码错误', 'code');
    }
    await this.dataSource.query(
      `UPDATE account SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_last_step = $2 WHERE id = $1`,
      [row.id, step],
    );
    return this.account(row.id);
  }

  async disableTotp(principal: Principal, password: string): Promise<AccountView> {
    const row = await this.accountRow(principal.accountId);
    if (!(await verifyPassword(row.password_hash, password))) {
      throw new DomainError('PASSWORD_WRONG', 403, 'the password is wrong', '密码错误', 'password');
    }
    await this.dataSource.query(
      `UPDATE account SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL WHERE id = $1`,
      [row.id],
    );
    return this.account(row.id);
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────────

  private async accountRow(id: string): Promise<AccountRow> {
    const [row]: AccountRow[] = await this.dataSource.query(`${ACCOUNT_SELECT} WHERE a.id = $1`, [id]);
    if (!row) throw new NotFoundError('Account', id, '账号');
    return row;
  }

  /**
   * Sessions past their end are kept a week (the audit trail holds who signed in; this table
   * only answers whether a token still works), then removed, so the table stays small.
   */
  async purgeSessions(now = new Date()): Promise<number> {
    const removed = returnedRows(
      await this.dataSource.query(`DELETE FROM auth_session WHERE expires_at < $1 RETURNING id`, [
        new Date(now.getTime() - 7 * 24 * 3600_000),
      ]),
    );
    return removed.length;
  }

  private async recordFailure(accountId: string, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE account SET failed_logins = failed_logins + 1,
              locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3::timestamptz ELSE locked_until END
        WHERE id = $1`,
      [accountId, MAX_FAILED_LOGINS, new Date(now.getTime() + LOCKOUT_MINUTES * 60_000)],
    );
  }

  private async requireLive(row: SessionRow, now: Date): Promise<void> {
    const idleSince = now.getTime() - row.last_seen_at.getTime();
    const reason =
      row.expires_at <= now
        ? 'session_expired'
        : idleSince > this.config.AUTH_IDLE_TIMEOUT_SECONDS * 1000
          ? 'idle_timeout'
          : null;
    if (reason) {
      await this.dataSource.query(`UPDATE auth_session SET revoked_at = now(), revoked_reason = $2 WHERE id = $1`, [
        row.session_id,
        reason,
      ]);
      throw unauthorized('SESSION_EXPIRED', 'the session has ended; sign in again', '会话已结束，请重新登录');
    }
    if (row.disabled || row.person_active === false) {
      throw unauthorized('ACCOUNT_DISABLED', 'the account is disabled', '账号已停用');
    }
  }

  private tokenExpiry(now: Date, sessionExpiresAt: Date): Date {
    const ttl = new Date(now.getTime() + this.config.AUTH_TOKEN_TTL_SECONDS * 1000);
    return ttl < sessionExpiresAt ? ttl : sessionExpiresAt;
  }

  private async openSession(accountId: string, client: ClientInfo, now: Date): Promise<Tokens> {
    const accessToken = newToken('sla');
    const refreshToken = newToken('slr');
    const sessionExpiresAt = new Date(now.getTime() + this.config.AUTH_SESSION_MAX_SECONDS * 1000);
    const expiresAt = this.tokenExpiry(now, sessionExpiresAt);
    await this.dataSource.query(
      `INSERT INTO auth_session (id, account_id, token_hash, refresh_hash, token_expires_at, expires_at, last_seen_at,
                                 source_ip, user_agent)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        randomUUID(),
        accountId,
        tokenHash(accessToken),
        tokenHash(refreshToken),
        expiresAt,
        sessionExpiresAt,
        now,
        client.ip,
        client.userAgent?.slice(0, 300) ?? null,
      ],
    );
    return {
      tokenType: 'Bearer',
      accessToken,
      expiresAt: expiresAt.toISOString(),
      refreshToken,
      sessionExpiresAt: sessionExpiresAt.toISOString(),
    };
  }

  private async revokeAll(tx: EntityManager, accountId: string, reason: string): Promise<number> {
    const rows = returnedRows(
      await tx.query(
        `UPDATE auth_session SET revoked_at = now(), revoked_reason = $2
          WHERE account_id = $1 AND revoked_at IS NULL RETURNING id`,
        [accountId, reason],
      ),
    );
    return rows.length;
  }
}
