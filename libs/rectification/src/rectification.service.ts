import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@lib/config';
import {
  RECTIFICATION_ACTION_FIELDS,
  RECTIFICATION_ACTIONS,
  RECTIFICATION_WORKFLOW_TYPE,
  calendarChangedSignal,
  rectificationStateQuery,
  rectificationWorkflowId,
  type RectificationActionName,
  type RectificationItemInput,
  type RectificationItemView,
  type RectificationState,
} from '@lib/contracts';
import {
  EventLogEntry,
  findPage,
  pageOf,
  RectificationItemRecord,
  RectificationRoundRecord,
  type Page,
  type PageRequest,
} from '@lib/database';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '@lib/errors';
import { OrganisationService } from '@lib/organisation';
import { actionMessageZh, actionRefusal, startOnce } from '@lib/temporal';
import {
  itemCountSql,
  itemListSql,
  itemSummarySql,
  type ItemListFilter,
  type ItemListRow,
  type ItemSummaryGroup,
  type ItemSummaryRow,
} from './item-list';
import { parseOpenItem } from './open-item.schema';

/** One event of an item's log, as its history shows it. */
export interface ItemEvent {
  /** Position in the item's history, from 1. */
  seq: number;
  type: string;
  at: string;
  /** Who acted, when a person did; null or absent for what the workflow did by itself. */
  actor: unknown;
  data: unknown;
}

/** Use cases of rectification items: hand one off, act on it, read it. */
@Injectable()
export class RectificationService {
  constructor(
    @Inject(Client) private readonly temporal: Client,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
  ) {}

  /**
   * Hand an item off to its departments: starts its workflow under the item's business key. A
   * second hand-off of the same key is refused, whether the first is open or long closed.
   */
  async open(body: unknown): Promise<{ itemId: string; workflowId: string }> {
    const input = parseOpenItem(body);
    await this.organisation.requireUnits([
      { field: 'committeeUnitId', id: input.committeeUnitId, kinds: ['committee', 'congress'] },
      { field: 'leadDepartmentId', id: input.leadDepartmentId, kinds: ['department', 'government'] },
      ...input.coDepartmentIds.map((id, i) => ({
        field: `coDepartmentIds.${i}`,
        id,
        kinds: ['department', 'government'] as ('department' | 'government')[],
      })),
      ...(input.districtId ? [{ field: 'districtId', id: input.districtId, kinds: ['district' as const] }] : []),
    ]);
    return this.start(input);
  }

  /** Start an already validated item; used by bulk hand-off, which checks units once for all. */
  async start(input: RectificationItemInput): Promise<{ itemId: string; workflowId: string }> {
    const workflowId = rectificationWorkflowId(input.itemId);
    await startOnce(
      this.temporal,
      {
        workflowType: RECTIFICATION_WORKFLOW_TYPE,
        workflowId,
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        args: [input],
      },
      () =>
        new ConflictError(
          'ITEM_EXISTS',
          `item ${input.itemId} already exists`,
          `整改事项已存在：${input.itemId}`,
          'itemId',
        ),
    );
    return { itemId: input.itemId, workflowId };
  }

  /**
   * Perform a user action as the given person. `requestId` becomes the Update id, so a retried
   * request is answered with the first outcome instead of acting twice.
   */
  async act(
    itemId: string,
    action: RectificationActionName,
    personId: string,
    body: Record<string, unknown>,
    requestId?: string,
  ): Promise<RectificationItemView> {
    if (!Object.hasOwn(RECTIFICATION_ACTIONS, action)) throw new NotFoundError('Action', action, '操作');
    const update = RECTIFICATION_ACTIONS[action];
    const allowed = RECTIFICATION_ACTION_FIELDS[action];
    const unknown = Object.keys(body).filter((field) => !allowed.includes(field));
    if (unknown.length > 0) {
      throw new ValidationError(
        unknown.map((field) => ({ field, code: 'UNKNOWN_FIELD', message: `${field} is not a field of ${action}` })),
      );
    }
    if (action === 'reassign' && typeof body.leadDepartmentId === 'string') {
      await this.organisation.requireUnits([
        { field: 'leadDepartmentId', id: body.leadDepartmentId, kinds: ['department', 'government'] },
      ]);
    }
    const actor = await this.organisation.actor(personId);
    const handle = this.temporal.workflow.getHandle(rectificationWorkflowId(itemId));
    try {
      return await handle.executeUpdate(update as typeof RECTIFICATION_ACTIONS.acknowledge, {
        args: [{ ...body, actor }],
        ...(requestId ? { updateId: requestId } : {}),
      });
    } catch (error) {
      throw await this.refusal(itemId, error);
    }
  }

  /** The full current state, from the workflow itself. */
  async state(itemId: string): Promise<RectificationState> {
    try {
      return await this.temporal.workflow.getHandle(rectificationWorkflowId(itemId)).query(rectificationStateQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new NotFoundError('Item', itemId, '整改事项');
      throw error;
    }
  }

  /** The item as the read model holds it, with every round. */
  async get(itemId: string): Promise<RectificationItemRecord & { rounds: RectificationRoundRecord[] }> {
    const item = await this.dataSource.getRepository(RectificationItemRecord).findOneBy({ itemId });
    if (!item) throw new NotFoundError('Item', itemId, '整改事项');
    const rounds = await this.dataSource.getRepository(RectificationRoundRecord).find({
      where: { itemId },
      order: { round: 'ASC' },
    });
    return { ...item, rounds };
  }

  /** Items by department (lead or co-operating), district, campaign, state, light or escalation; overdue first. */
  async list(filter: ItemListFilter): Promise<Page<ItemListRow>> {
    const page = itemListSql(filter);
    const count = itemCountSql(filter);
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query<ItemListRow[]>(page.sql, page.params),
      this.dataSource.query<{ total: number }[]>(count.sql, count.params),
    ]);
    return pageOf(filter, total, items);
  }

  /** Open, due-soon, overdue and escalated items per lead department or district. */
  summary(filter: ItemListFilter, by: ItemSummaryGroup): Promise<ItemSummaryRow[]> {
    const { sql, params } = itemSummarySql(filter, by);
    return this.dataSource.query<ItemSummaryRow[]>(sql, params);
  }

  /**
   * After the calendar is edited (a new year's notice loaded), ask every open item that may
   * hold a provisional deadline to recompute it. Items decide for themselves; a finished one is
   * skipped.
   */
  async calendarChanged(): Promise<{ signalled: number }> {
    const rows: { item_id: string }[] = await this.dataSource.query(
      `SELECT item_id FROM rectification_item
       WHERE deadline_provisional OR status IN ('assigned', 'returned', 'acknowledged', 'plan_submitted', 'plan_revision')`,
    );
    let signalled = 0;
    const queue = rows.map((r) => r.item_id);
    const signalNext = async (): Promise<void> => {
      for (let itemId = queue.pop(); itemId !== undefined; itemId = queue.pop()) {
        try {
          await this.temporal.workflow.getHandle(rectificationWorkflowId(itemId)).signal(calendarChangedSignal);
          signalled += 1;
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, signalNext));
    return { signalled };
  }

  /** A page of the item's event log, oldest first (by `seq`, its position in the item's history). */
  async history(itemId: string, page: PageRequest = {}): Promise<Page<ItemEvent>> {
    const found = await findPage(
      this.dataSource.getRepository(EventLogEntry),
      { where: { stream: rectificationWorkflowId(itemId) }, order: { seq: 'ASC' } },
      page,
    );
    if (found.total === 0) throw new NotFoundError('Item', itemId, '整改事项');
    return {
      ...found,
      items: found.items.map(({ seq, type, data }) => {
        const logged = data as { at: string; actor: unknown; data: unknown };
        return { seq, type, at: logged.at, actor: logged.actor, data: logged.data };
      }),
    };
  }

  private async refusal(itemId: string, error: unknown): Promise<unknown> {
    const refused = actionRefusal(error);
    if (refused) return refused;
    if (error instanceof WorkflowNotFoundError) {
      // A finished workflow no longer takes updates; the read model tells closed from unknown.
      const known = await this.dataSource.getRepository(RectificationItemRecord).findOneBy({ itemId });
      if (known) {
        return new DomainError('ITEM_CLOSED', 409, `item ${itemId} is ${known.status}`, actionMessageZh('ITEM_CLOSED'));
      }
      return new NotFoundError('Item', itemId, '整改事项');
    }
    return error;
  }
}
