import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  it('shares one lookup until the entry expires', async () => {
    const cache = new TtlCache<number>(1000);
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    expect(await cache.get('k', load, undefined, 0)).toBe(1);
    expect(await cache.get('k', load, undefined, 999)).toBe(1);
    expect(await cache.get('k', load, undefined, 1000)).toBe(2);
  });

  it('keeps neither a failed lookup nor a value it is told not to keep', async () => {
    const cache = new TtlCache<string | null>(60_000);
    await expect(cache.get('a', () => Promise.reject(new Error('down')), undefined, 0)).rejects.toThrow('down');
    expect(await cache.get('a', () => Promise.resolve('up'), undefined, 1)).toBe('up');
    const notYet = (v: string | null) => v !== null;
    expect(await cache.get('b', () => Promise.resolve(null), notYet, 0)).toBeNull();
    expect(await cache.get('b', () => Promise.resolve('now'), notYet, 1)).toBe('now');
    expect(await cache.get('b', () => Promise.resolve('later'), notYet, 2)).toBe('now');
  });

  it('starts again empty when full', async () => {
    const cache = new TtlCache<number>(60_000, 2);
    await cache.get('a', () => Promise.resolve(1));
    await cache.get('b', () => Promise.resolve(2));
    await cache.get('c', () => Promise.resolve(3));
    expect(await cache.get('a', () => Promise.resolve(10))).toBe(10);
  });
});
