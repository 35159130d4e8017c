import type { Response } from 'supertest';
import type { Page } from '@lib/database';

/** A query of a paged list. */
export type PageParams = Record<string, string | number>;

/** A read of one page: the list's route with these query parameters, answered as it was. */
export type ReadPage = (query: PageParams) => PromiseLike<Response>;

/**
 * Read the list whole (one page of 200) and again `limit` rows at a time, and expect the pages to
 * be the whole list cut in order — each with the same total — and a page past the end to be
 * empty. Returns the whole list, for the caller to check its order and contents.
 */
export async function expectPagesOfWhole<T>(read: ReadPage, limit: number, filter: PageParams = {}): Promise<Page<T>> {
  const page = async (query: PageParams): Promise<Page<T>> => {
    const response = await read({ ...filter, ...query });
    expect({ query, status: response.status }).toEqual({ query, status: 200 });
    return response.body as Page<T>;
  };
  const whole = await page({ limit: 200 });
  expect(Object.keys(whole).sort()).toEqual(['items', 'limit', 'offset', 'total']);
  expect(whole).toMatchObject({ limit: 200, offset: 0 });
  expect(whole.items).toHaveLength(whole.total);
  expect(whole.total).toBeGreaterThan(limit);
  for (let offset = 0; offset < whole.total; offset += limit) {
    expect({ offset, page: await page({ limit, offset }) }).toEqual({
      offset,
      page: { total: whole.total, items: whole.items.slice(offset, offset + limit), limit, offset },
    });
  }
  expect(await page({ offset: whole.total })).toEqual({
    total: whole.total,
    items: [],
    limit: 50,
    offset: whole.total,
  });
  // The same page read again holds the same rows: the order is stable.
  expect(await page({ limit: 200 })).toEqual(whole);
  return whole;
}

/** Page parameters no list takes: a limit outside 1–200, a negative offset, a limit that is no number. */
export const BAD_PAGES: PageParams[] = [{ limit: 0 }, { limit: 201 }, { offset: -1 }, { limit: 'ten' }];

/** Expect each of {@link BAD_PAGES} to be refused with 400 in the one error model, naming the parameter. */
export async function expectBadPagesRefused(read: ReadPage): Promise<void> {
  for (const query of BAD_PAGES) {
    const [field] = Object.keys(query);
    const response = await read(query);
    expect({ query, status: response.status }).toEqual({ query, status: 400 });
    expect(response.body).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: expect.any(String) as string,
        messageZh: expect.any(String) as string,
        field,
        details: expect.arrayContaining([expect.objectContaining({ field })]) as unknown[],
      },
    });
  }
}
