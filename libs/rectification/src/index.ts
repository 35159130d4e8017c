export { RectificationService, type ItemEvent } from './rectification.service';
export {
  itemListSql,
  itemCountSql,
  itemListWhere,
  ITEM_LIST_COLUMNS,
  ITEM_LIST_ORDER,
  ITEM_SORTS,
  type ItemSort,
  type ItemListFilter,
  type ItemListRow,
  type ItemScope,
  itemSummarySql,
  ITEM_SUMMARY_GROUPS,
  type ItemSummaryGroup,
  type ItemSummaryRow,
} from './item-list';
export { RectificationActivitiesService } from './rectification.activities';
export {
  parseOpenItem,
  openItemSchema,
  periodSchema,
  policySchema,
  zodProblems,
  type OpenItemRequest,
} from './open-item.schema';
export { recordEvents, rebuildRectificationReadModel, toLoggedEvent } from './projection';
