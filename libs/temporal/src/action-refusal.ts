import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ACTION_ERROR_CODES, type ActionErrorCode } from '@lib/contracts';
import { DomainError } from '@lib/errors';

const MESSAGES_ZH: Record<ActionErrorCode, string> = {
  ROLE_NOT_ALLOWED: '无权执行此操作',
  UNIT_NOT_RESPONSIBLE: '本单位不是该事项的责任单位',
  INVALID_STATE: '当前状态下不能执行此操作',
  ITEM_CLOSED: '事项已办结，不能再执行此操作',
  EXTENSION_PENDING: '已有待审批的延期申请',
  NO_EXTENSION_PENDING: '没有待审批的延期申请',
  DEADLINE_PASSED: '已超过期限，不能申请延期',
  FIELD_REQUIRED: '缺少必填项',
  FIELD_INVALID: '字段内容不合法',
  CAMPAIGN_CLOSED: '监督项目已结束，不能再执行此操作',
};

export function actionMessageZh(code: ActionErrorCode): string {
  return MESSAGES_ZH[code];
}

/**
 * The domain error a refused Update stands for: the validator's code, message and field, with
 * the HTTP status of the code. `undefined` when the failure is not a refusal.
 */
export function actionRefusal(error: unknown): DomainError | undefined {
  if (!(error instanceof WorkflowUpdateFailedError) || !(error.cause instanceof ApplicationFailure)) return undefined;
  const failure = error.cause;
  const code = failure.type as ActionErrorCode | null;
  if (!code || !(code in ACTION_ERROR_CODES)) return undefined;
  const field = (failure.details?.[0] as { field?: string } | undefined)?.field;
  return new DomainError(code, ACTION_ERROR_CODES[code], failure.message, MESSAGES_ZH[code], field);
}
