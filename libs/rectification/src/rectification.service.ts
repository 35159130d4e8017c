import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@lib/config';
import {
  RECTIFICATION_ACTIONS,
  RECTIFICATION_ERROR_CODES,
  RECTIFICATION_WORKFLOW_TYPE,
  rectificationStateQuery,
  rectificationWorkflowId,
  type RectificationActionName,
  type RectificationErrorCode,
  type RectificationItemInput,
  type RectificationState,
} from '@lib/contracts';
import { RectificationItemRecord, RectificationRoundRecord } from '@lib/database';
import { ConflictError, DomainError, NotFoundError } from '@lib/errors';
import { OrganisationService } from '@lib/organisation';
import { startOnce } from '@lib/temporal';
import { parseOpenItem } from './open-item.schema';

const MESSAGES_ZH: Record<RectificationErrorCode, string> = {
  ROLE_NOT_ALLOWED: '无权执行此操作',
  UNIT_NOT_RESPONSIBLE: '本单位不是该事项的责任单位',
  INVALID_STATE: '事项当前状态下不能执行此操作',
  ITEM_CLOSED: '事项已办结，不能再执行此操作',
  EXTENSION_PENDING: '已有待审批的延期申请',
  NO_EXTENSION_PENDING: '没有待审批的延期申请',
  DEADLINE_PASSED: '已超过期限，不能申请延期',
  FIELD_REQUIRED: '缺少必填项',
  FIELD_INVALID: '字段内容不合法',
};

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
  ): Promise<RectificationState> {
    const update = RECTIFICATION_ACTIONS[action];
    if (!update) throw new NotFoundError('Action', action, '操作');
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

  private async refusal(itemId: string, error: unknown): Promise<unknown> {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      const failure = error.cause;
      const code = failure.type as RectificationErrorCode | null;
      if (code && code in RECTIFICATION_ERROR_CODES) {
        const field = (failure.details?.[0] as { field?: string } | undefined)?.field;
        return new DomainError(code, RECTIFICATION_ERROR_CODES[code], failure.message, MESSAGES_ZH[code], field);
      }
    }
    if (error instanceof WorkflowNotFoundError) {
      // A finished workflow no longer takes updates; the read model tells closed from unknown.
      const known = await this.dataSource.getRepository(RectificationItemRecord).findOneBy({ itemId });
      if (known) {
        return new DomainError('ITEM_CLOSED', 409, `item ${itemId} is ${known.status}`, MESSAGES_ZH.ITEM_CLOSED);
      }
      return new NotFoundError('Item', itemId, '整改事项');
    }
    return error;
  }
}
