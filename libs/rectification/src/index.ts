export { RectificationService, type ItemFilter } from './rectification.service';
export { RectificationActivitiesService } from './rectification.activities';
export { parseOpenItem, openItemSchema, type OpenItemRequest } from './open-item.schema';
export { recordEvents, rebuildRectificationReadModel, toLoggedEvent } from './projection';
