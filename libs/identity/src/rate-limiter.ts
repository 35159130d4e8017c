import { DomainError } from '@lib/errors';
import type { DataSource } from 'typeorm';

export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', 429, 'too many attempts; try again later', '尝试次数过多，请稍后再试');
  }
}

/**
 * Fixed one-minute windows counted in PostgreSQL, so every API replica shares the count. Old
 * windows are swept as new ones open.
 */
export class RateLimiter {
  constructor(private readonly dataSource: DataSource) {}

  /** Count a hit against each key; throws when any key is over its limit. */
  async hit(limits: { key: string; limit: number }[], now = new Date()): Promise<void> {
    const windowStart = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    const rows: { key: string; hits: number }[] = await this.dataSource.query(
      `INSERT INTO rate_limit_window (key, window_start, hits)
       SELECT unnest($1::text[]), $2, 1
       ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limit_window.hits + 1
       RETURNING key, hits`,
      [limits.map((l) => l.key), windowStart],
    );
    if (now.getSeconds() === 0 || Math.random() < 0.01) {
      await this.dataSource.query(`DELETE FROM rate_limit_window WHERE window_start < $1`, [
        new Date(windowStart.getTime() - 60_000),
      ]);
    }
    const over = rows.some((row) => row.hits > (limits.find((l) => l.key === row.key)?.limit ?? Infinity));
    if (over) throw new RateLimitedError(Math.ceil((windowStart.getTime() + 60_000 - now.getTime()) / 1000));
  }
}
