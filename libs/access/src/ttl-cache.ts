/**
 * A small in-process cache whose entries expire: what the organisation tree says about a unit
 * changes rarely, and is read on every request. Holds promises, so concurrent readers share one
 * lookup; a failed lookup is not kept, nor a value `keep` refuses. Bounded: when full it starts
 * again empty.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string, load: () => Promise<V>, keep: (value: V) => boolean = () => true, now = Date.now()): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const value = load();
    const entry = { value, expires: now + this.ttlMs };
    this.entries.set(key, entry);
    const forget = () => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    };
    value.then((v) => (keep(v) ? undefined : forget()), forget);
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
