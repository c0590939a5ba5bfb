/**
 * Gathers the single-key requests made by concurrent callers and answers them with one batch call: a worker
 * sending digests with DIGEST_SEND_CONCURRENCY jobs at once then runs one claim, one recipients read, …
 * for all of them instead of one statement each. Requests wait until the current turn of the event loop
 * ends (setImmediate), or `waitMs` where jobs arrive one by one (a worker takes jobs from Redis one after
 * the other): a lone job is hardly slowed. A batch never exceeds `max`. A failed
 * batch fails each of its requests, which their callers handle as they would their own failed statement.
 *
 * `serial` is group commit: at most one batch runs at a time, and the requests that arrive meanwhile go
 * together as soon as it ends. An idle batcher adds no wait beyond the turn of the event loop; a busy one
 * makes fewer, larger batches exactly when the load is high.
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
    private readonly options: { max?: number; waitMs?: number; serial?: boolean } = {},
  ) {}

  private running = false;

  private get max(): number {
    return this.options.max ?? 100;
  }

  get(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      this.pending.push({ key, resolve, reject });
      if (this.options.serial) {
        if (!this.running && !this.scheduled) {
          this.scheduled = true;
          setImmediate(() => {
            this.scheduled = false;
            if (!this.running) this.flush();
          });
        }
        return;
      }
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
    if (!batch.length) return;
    if (this.options.serial) this.running = true;
    this.load(batch.map((request) => request.key))
      .then(
        (values) => batch.forEach((request, i) => request.resolve(values[i])),
        (error: unknown) => batch.forEach((request) => request.reject(error)),
      )
      .finally(() => {
        if (!this.options.serial) return;
        this.running = false;
        this.flush();
      });
  }
}
