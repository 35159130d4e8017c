import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { AccessService } from '@lib/access';
import { AuditModule } from '@lib/audit';
import { CampaignsService, DynamicListService, LookBackService } from '@lib/campaigns';
import { ConfigModule, type AppConfig } from '@lib/config';
import { DatabaseModule } from '@lib/database';
import { EvidenceModule } from '@lib/evidence';
import { IdentityService } from '@lib/identity';
import { OrganisationService } from '@lib/organisation';
import { RectificationService } from '@lib/rectification';
import { TemporalClientModule } from '@lib/temporal';
import { AuditLogController } from './audit/audit-log.controller';
import { AccountsController } from './auth/accounts.controller';
import { AuthController } from './auth/auth.controller';
import { CampaignListsController } from './campaigns/campaign-lists.controller';
import { CampaignsController } from './campaigns/campaigns.controller';
import { WorkingDayCalendarController } from './calendar/working-day-calendar.controller';
import { HealthController } from './health/health.controller';
import { InspectionHttpModule } from './inspection/inspection-http.module';
import { OrganisationController } from './organisation/organisation.controller';
import { EvidenceController } from './rectification/evidence.controller';
import { RectificationItemsController } from './rectification/rectification-items.controller';
import { AccessGuard } from './http/access.guard';
import { AuditBeforeAnswer, AuditTrailWriter } from './http/audit-trail';
import { ErrorFilter } from './http/error.filter';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { validationPipe } from './http/validation';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        TemporalClientModule,
        InspectionHttpModule,
        EvidenceModule,
        AuditModule,
      ],
      controllers: [
        HealthController,
        AuthController,
        AccountsController,
        AuditLogController,
        CampaignsController,
        CampaignListsController,
        OrganisationController,
        RectificationItemsController,
        EvidenceController,
        WorkingDayCalendarController,
      ],
      providers: [
        AccessService,
        AuditTrailWriter,
        IdentityService,
        { provide: APP_GUARD, useClass: AccessGuard },
        // Outermost first: a completed write (a replayed one too) is in the trail before its answer.
        { provide: APP_INTERCEPTOR, useClass: AuditBeforeAnswer },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        CampaignsService,
        DynamicListService,
        LookBackService,
        OrganisationService,
        RectificationService,
        { provide: APP_PIPE, useFactory: validationPipe },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }
}
