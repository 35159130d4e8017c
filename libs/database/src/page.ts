import type { FindOptionsOrder, FindOptionsWhere, ObjectLiteral, Repository } from 'typeorm';

/** Rows a page holds when the request does not say. */
export const PAGE_LIMIT_DEFAULT = 50;
/** The most rows a page may hold. */
export const PAGE_LIMIT_MAX = 200;

/** The rows a page asked for holds: `limit` when given (at most the maximum), else the default. */
export function pageLimit(limit?: number): number {
  return Math.min(limit ?? PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX);
}

/** Which page of a list to read: `limit` rows (1 to 200, 50 when absent) after skipping `offset`. */
export interface PageRequest {
  limit?: number;
  offset?: number;
}

/**
 * One page of a list: its rows, how many rows the whole list has, and which page this is. Every
 * list of the API answers in this shape.
 */
export interface Page<T> {
  total: number;
  items: T[];
  limit: number;
  offset: number;
}

/** The page `request` asked for, holding `items` of a list of `total` rows. */
export function pageOf<T, N extends number | null = number>(
  request: PageRequest,
  total: N,
  items: T[],
): { total: N; items: T[]; limit: number; offset: number } {
  return { total, items, limit: pageLimit(request.limit), offset: request.offset ?? 0 };
}

/**
 * One page of the rows `where` matches, in `order`, with their count: a `LIMIT … OFFSET …`
 * query and a `count(*)`, sent together. `order` must end on a unique column (or columns that
 * are unique together), so that consecutive pages neither repeat nor skip a row.
 */
export async function findPage<T extends ObjectLiteral>(
  repository: Repository<T>,
  query: { where: FindOptionsWhere<T>; order: FindOptionsOrder<T> },
  page: PageRequest = {},
): Promise<Page<T>> {
  const [items, total] = await Promise.all([
    repository.find({
      where: query.where,
      order: query.order,
      take: pageLimit(page.limit),
      skip: page.offset ?? 0,
    }),
    repository.count({ where: query.where }),
  ]);
  return pageOf(page, total, items);
}
