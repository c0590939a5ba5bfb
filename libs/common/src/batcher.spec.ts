import { Batcher } from './batcher';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe('Batcher', () => {
  it('answers the requests of one turn of the event loop with one batch, in order', async () => {
    const batches: number[][] = [];
    const batcher = new Batcher<number, number>(async (keys) => {
      batches.push(keys);
      return keys.map((key) => key * 10);
    });
    await expect(Promise.all([1, 2, 3].map((key) => batcher.get(key)))).resolves.toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('fails every request of a failed batch', async () => {
    const batcher = new Batcher<number, number>(() => Promise.reject(new Error('down')));
    const results = await Promise.allSettled([batcher.get(1), batcher.get(2)]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
  });

  describe('serial (group commit)', () => {
    it('runs one batch at a time; what arrives meanwhile goes together when it ends', async () => {
      const batches: number[][] = [];
      const gates: ReturnType<typeof deferred<void>>[] = [];
      const batcher = new Batcher<number, number>(
        async (keys) => {
          batches.push(keys);
          const gate = deferred<void>();
          gates.push(gate);
          await gate.promise;
          return keys;
        },
        { serial: true, max: 3 },
      );
      const first = batcher.get(1);
      await turn();
      expect(batches).toEqual([[1]]);
      const waiting = [2, 3, 4, 5].map((key) => batcher.get(key));
      await turn();
      expect(batches).toEqual([[1]]); // nothing else runs while the first batch does
      gates[0].resolve();
      await expect(first).resolves.toBe(1);
      await turn();
      expect(batches).toEqual([[1], [2, 3, 4]]); // no more than max at once
      gates[1].resolve();
      await turn();
      await turn();
      expect(batches).toEqual([[1], [2, 3, 4], [5]]);
      gates[2].resolve();
      await expect(Promise.all(waiting)).resolves.toEqual([2, 3, 4, 5]);
    });

    it('goes on after a failed batch', async () => {
      let calls = 0;
      const batcher = new Batcher<number, number>(
        async (keys) => {
          calls++;
          if (calls === 1) throw new Error('deadlock');
          return keys;
        },
        { serial: true },
      );
      const failed = batcher.get(1);
      const next = batcher.get(2);
      await expect(failed).rejects.toThrow('deadlock');
      await expect(next).rejects.toThrow('deadlock'); // same batch
      await expect(batcher.get(3)).resolves.toBe(3);
    });
  });
});
