import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Inject, Param, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { AccessService } from '@lib/access';
import { DynamicListService } from '@lib/campaigns';
import { RECTIFICATION_ACTIONS, type EvidenceRef, type Principal, type RectificationActionName } from '@lib/contracts';
import { NotFoundError } from '@lib/errors';
import { EvidenceService } from '@lib/evidence';
import { parseOpenItem, RectificationService } from '@lib/rectification';
import { Acting, personOf } from '../http/access.decorators';
import { idempotencyKey } from '../http/idempotency-key';
import { PageQuery } from '../http/page.dto';
import { ItemListQuery, ItemSummaryQuery } from './item-list.dto';
import { OPEN_ITEM_BODY, RECTIFICATION_ACTION_BODY, RECTIFICATION_ACTION_PARAM } from './rectification-bodies.dto';

/**
 * Rectification items (整改事项). A department sees the items it leads or co-operates on; a
 * congress sees those it oversees and those of campaigns linked below its own. The acting person
 * is the signed-in user's; their unit and roles come from their record.
 */
@Controller('rectification-items')
@ApiTags('rectification-items')
export class RectificationItemsController {
  constructor(
    @Inject(RectificationService) private readonly items: RectificationService,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(EvidenceService) private readonly evidence: EvidenceService,
    @Inject(DynamicListService) private readonly lists: DynamicListService,
  ) {}

  /** Hand an item off to its departments; the read model follows within moments. */
  @Post()
  @ApiOperation({ summary: 'Hand an item off to its departments (202: the read model follows)' })
  @ApiBody(OPEN_ITEM_BODY)
  @ApiConflictResponse({ description: 'An item with this id exists (ITEM_EXISTS)' })
  @HttpCode(HttpStatus.ACCEPTED)
  async open(@Acting() principal: Principal, @Body() body: Record<string, unknown>) {
    await this.access.requireCommitteeStaffOf(principal, parseOpenItem(body).committeeUnitId);
    return this.items.open(body);
  }

  @Get()
  @ApiOperation({ summary: 'List the items visible to the caller, filtered and paged' })
  async list(@Acting() principal: Principal, @Query() query: ItemListQuery) {
    return this.items.list({ ...query, visibleTo: await this.access.itemScope(principal) });
  }

  /**
   * For managers: open items per lead department or district — due soon, overdue, escalated,
   * under listed supervision — within what the caller may see; most overdue first.
   */
  @Get('summary')
  async summary(@Acting() principal: Principal, @Query() query: ItemSummaryQuery) {
    const { by, campaignId, includeLinked, ...rest } = query;
    const visibleTo = await this.access.itemScope(principal);
    const filter = { ...rest, limit: undefined, offset: undefined };
    // A campaign stands for its tree, as in its dynamic list: its own items and, unless told
    // otherwise, those of the campaigns linked below it.
    if (campaignId) await this.access.requireCampaign(principal, campaignId, ['own', 'linked', 'participant']);
    const scoped = campaignId ? await this.lists.scope(campaignId, { ...filter, includeLinked }) : filter;
    return this.items.summary({ ...scoped, visibleTo }, by ?? 'department');
  }

  @Get(':itemId')
  @ApiOperation({ summary: 'The item as the read model holds it, with every round' })
  @ApiNotFoundResponse({ description: 'No such item' })
  get(@Param('itemId') itemId: string) {
    return this.items.get(itemId);
  }

  /** The full current state, as the item's workflow holds it. */
  @Get(':itemId/state')
  @ApiOperation({ summary: 'The full current state, as the item’s workflow holds it' })
  @ApiNotFoundResponse({ description: 'No such item' })
  state(@Param('itemId') itemId: string) {
    return this.items.state(itemId);
  }

  @Get(':itemId/events')
  @ApiOperation({ summary: 'A page of the item’s event log, oldest first (by seq)' })
  @ApiNotFoundResponse({ description: 'No such item' })
  history(@Param('itemId') itemId: string, @Query() page: PageQuery) {
    return this.items.history(itemId, page);
  }

  /**
   * Perform an action (acknowledge, submit-plan, verify-completion, …). An `Idempotency-Key`
   * header makes a retried request return the first outcome instead of acting twice.
   */
  @Post(':itemId/actions/:action')
  @ApiOperation({ summary: 'Perform an action on the item; an Idempotency-Key makes a retry safe' })
  @ApiParam(RECTIFICATION_ACTION_PARAM)
  @ApiBody(RECTIFICATION_ACTION_BODY)
  @ApiForbiddenResponse({ description: 'The role or unit may not act (ROLE_NOT_ALLOWED, UNIT_NOT_RESPONSIBLE)' })
  @ApiNotFoundResponse({ description: 'No such item or action' })
  @ApiConflictResponse({ description: 'Not possible in the item’s state (INVALID_STATE, ITEM_CLOSED, …)' })
  @HttpCode(HttpStatus.OK)
  async act(
    @Param('itemId') itemId: string,
    @Param('action') action: string,
    @Acting() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: Record<string, unknown>,
  ) {
    if (!Object.hasOwn(RECTIFICATION_ACTIONS, action)) throw new NotFoundError('Action', action, '操作');
    const evidence: unknown = body?.evidence;
    if (Array.isArray(evidence) && evidence.every((e) => typeof (e as { uri?: unknown })?.uri === 'string')) {
      // Uploaded files are named by `evidence:<id>`: they must be this item's, and carry their hash.
      body = { ...body, evidence: await this.evidence.resolveReferences(itemId, evidence as EvidenceRef[]) };
    }
    return this.items.act(
      itemId,
      action as RectificationActionName,
      personOf(principal),
      body ?? {},
      idempotencyKey(key),
    );
  }
}
