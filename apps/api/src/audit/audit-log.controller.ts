import { Controller, Get, Inject, Query } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { AUDIT_OUTCOMES, AuditService, type AuditOutcome } from '@lib/audit';
import { AdminOnly } from '../http/access.decorators';
import { LimitQuery } from '../http/page.dto';
import { Audited } from '../http/audit-trail';

/** Query of `GET /audit-log`. */
export class AuditLogQuery extends LimitQuery {
  /** From this instant (inclusive, ISO 8601). */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  /** Up to this instant (exclusive). */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  actorAccountId?: string;

  /** An action (`auth.login`) or a family of them (`auth.*`). */
  @IsOptional()
  @Matches(/^[a-z_]+(\.[a-z_-]+)*(\.\*)?$/, { message: 'an action, or a prefix ending in .*' })
  @MaxLength(100)
  action?: string;

  @IsOptional()
  @IsIn(AUDIT_OUTCOMES)
  outcome?: AuditOutcome;

  /** `nextCursor` of the page before. */
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'a cursor from a previous page' })
  cursor?: string;
}

/**
 * The audit log (审计日志), for the audit administrator alone: newest first, and whether its
 * hash chain is intact. Reading it is itself recorded.
 */
@Controller('audit-log')
export class AuditLogController {
  constructor(@Inject(AuditService) private readonly audit: AuditService) {}

  @Get()
  @AdminOnly('audit_admin')
  @Audited({ action: 'audit.read', reads: true })
  list(@Query() query: AuditLogQuery) {
    return this.audit.list(query);
  }

  /** Recompute the whole chain: any edited, deleted or reordered record is reported. */
  @Get('verify')
  @AdminOnly('audit_admin')
  @Audited({ action: 'audit.verify', reads: true })
  verify() {
    return this.audit.verify();
  }
}
