import { Controller, HttpCode, HttpStatus, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RectificationService } from '@lib/rectification';
import { AdminOnly } from '../http/access.decorators';

/** The working-day calendar (工作日) as items see it. */
@Controller('working-day-calendar')
@ApiTags('working-day-calendar')
export class WorkingDayCalendarController {
  constructor(@Inject(RectificationService) private readonly items: RectificationService) {}

  /**
   * Say that the calendar tables were edited (e.g. next year's State Council notice loaded):
   * open items recompute their provisional deadlines.
   */
  @Post('changes')
  @ApiOperation({ summary: 'The calendar tables were edited: open items recompute provisional deadlines' })
  @AdminOnly('system_admin')
  @HttpCode(HttpStatus.ACCEPTED)
  changed() {
    return this.items.calendarChanged();
  }
}
