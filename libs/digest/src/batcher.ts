/**
 * Gathers the single-key requests made by concurrent jobs and answers them with one batch call: a worker
 * sending digests with DIGEST_SEND_CONCURRENCY jobs at once then runs one claim, one recipients read, …
 * for all of them instead of one statement each. Requests wait until the current turn of the event loop
 * ends (setImmediate), or `waitMs` where jobs arrive one by one (a worker takes jobs from Redis one after
 * the other): a lone job is hardly slowed. A batch never exceeds `max`. A failed
 * batch fails each of its requests, which their jobs handle as they would their own failed statement.
 */
export class Batcher<K, V> {
  private pending: { key: K; resolve: (value: V) => void; reject: (error: unknown) => void }[] = [];
  private scheduled = false;

  /**
   * `load` answers the keys in order (one value per key). Keys are passed as given: duplicates are the
   * caller's to avoid (a job asks for its own member and period once).
   */
  constructor(
    private readonly load: (keys: K[]) => Promise<V[]>,
    private readonly options: { max?: number; waitMs?: number } = {},
  ) {}

  private get max(): number {
    return this.options.max ?? 100;
  }

  get(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      this.pending.push({ key, resolve, reject });
      if (this.pending.length >= this.max) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        const flushAll = () => {
          this.scheduled = false;
          while (this.pending.length) this.flush();
        };
        if (this.options.waitMs) setTimeout(flushAll, this.options.waitMs);
        else setImmediate(flushAll);
      }
    });
  }

  private flush(): void {
    const batch = this.pending.splice(0, this.max);
    this.load(batch.map((request) => request.key)).then(
      (values) => batch.forEach((request, i) => request.resolve(values[i])),
      (error: unknown) => batch.forEach((request) => request.reject(error)),
    );
  }
}
