import { Module } from '@nestjs/common';

/** HTTP routes of the inspection side of a campaign: checklist, groups, activities, findings. */
@Module({})
export class InspectionHttpModule {}
