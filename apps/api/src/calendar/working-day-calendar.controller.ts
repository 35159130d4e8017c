import { Controller, HttpCode, HttpStatus, Inject, Post } from '@nestjs/common';
import { RectificationService } from '@lib/rectification';

/** The working-day calendar (工作日) as items see it. */
@Controller('working-day-calendar')
export class WorkingDayCalendarController {
  constructor(@Inject(RectificationService) private readonly items: RectificationService) {}

  /**
   * Say that the calendar tables were edited (e.g. next year's State Council notice loaded):
   * open items recompute their provisional deadlines.
   */
  @Post('changes')
  @HttpCode(HttpStatus.ACCEPTED)
  changed() {
    return this.items.calendarChanged();
  }
}
