/**
 * What the benchmarks share: CPU ticks from /proc (Linux) for the services and the machine, the repository
 * root, and removing a run's Redis keys.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Redis } from 'ioredis';

export const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export async function processTicks(pid: number, which: 'all' | 'system' = 'all'): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (which === 'all' ? Number(fields[11]) : 0) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/**
 * PostgreSQL as far as this run uses it (the backends connected to the run's database plus the server's
 * own background processes) and redis-server. Backends of other databases count as "other".
 */
export async function serviceTicks(
  database: string | null,
): Promise<{ postgres: Map<number, number>; redis: Map<number, number> }> {
  const totals = { postgres: new Map<number, number>(), redis: new Map<number, number>() };
  const entries = await readdir('/proc').then(
    (all) => all.filter((entry) => /^\d+$/.test(entry)),
    () => [] as string[],
  );
  await Promise.all(
    entries.map(async (pid) => {
      const comm = await readFile(`/proc/${pid}/comm`, 'utf8').then(
        (text) => text.trim(),
        () => '',
      );
      if (comm === 'redis-server') {
        totals.redis.set(Number(pid), await processTicks(Number(pid)));
      } else if (comm === 'postgres') {
        const title = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
        const isBackend = /\(\d+\)/.test(title) || title.includes('[local]');
        if (isBackend && !(database && title.includes(` ${database} `))) return;
        totals.postgres.set(Number(pid), await processTicks(Number(pid)));
      }
    }),
  );
  return totals;
}

export async function machineTicks(): Promise<{ busy: number; total: number }> {
  try {
    const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0];
    const values = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = values.reduce((sum, value) => sum + value, 0);
    return { busy: total - values[3] - values[4], total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
      if (name === 'shiojiri-salon') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root from ' + __dirname);
    dir = parent;
  }
}

export async function deleteRedisKeys(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}
