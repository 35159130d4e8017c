import { Module } from '@nestjs/common';
import { AuditService } from './audit.service';

/** Provides `AuditService`; needs the global `DatabaseModule` for its `DataSource`. */
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
