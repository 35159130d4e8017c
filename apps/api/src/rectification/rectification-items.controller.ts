import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Inject, Param, Post, Query } from '@nestjs/common';
import { RECTIFICATION_ACTIONS, type RectificationActionName } from '@lib/contracts';
import { NotFoundError } from '@lib/errors';
import { RectificationService } from '@lib/rectification';
import { ActingPerson } from '../http/acting-person';
import { ItemListQuery } from './item-list.dto';

/**
 * Rectification items (整改事项). The acting person is named by the `X-Person-Id` header until
 * authentication replaces it with the signed-in user; roles always come from the person's record.
 */
@Controller('rectification-items')
export class RectificationItemsController {
  constructor(@Inject(RectificationService) private readonly items: RectificationService) {}

  /** Hand an item off to its departments; the read model follows within moments. */
  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  open(@Body() body: Record<string, unknown>) {
    return this.items.open(body);
  }

  @Get()
  list(@Query() query: ItemListQuery) {
    return this.items.list(query);
  }

  @Get(':itemId')
  get(@Param('itemId') itemId: string) {
    return this.items.get(itemId);
  }

  /** The full current state, as the item's workflow holds it. */
  @Get(':itemId/state')
  state(@Param('itemId') itemId: string) {
    return this.items.state(itemId);
  }

  @Get(':itemId/events')
  history(@Param('itemId') itemId: string) {
    return this.items.history(itemId);
  }

  /**
   * Perform an action (acknowledge, submit-plan, verify-completion, …). An `Idempotency-Key`
   * header makes a retried request return the first outcome instead of acting twice.
   */
  @Post(':itemId/actions/:action')
  @HttpCode(HttpStatus.OK)
  act(
    @Param('itemId') itemId: string,
    @Param('action') action: string,
    @Headers() headers: Record<string, string | undefined>,
    @Body() body: Record<string, unknown>,
  ) {
    if (!Object.hasOwn(RECTIFICATION_ACTIONS, action)) throw new NotFoundError('Action', action, '操作');
    const { personId, idempotencyKey } = ActingPerson.from(headers);
    return this.items.act(itemId, action as RectificationActionName, personId, body ?? {}, idempotencyKey);
  }
}
