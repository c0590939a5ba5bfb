import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs an `UPDATE … RETURNING` or `DELETE … RETURNING` and gives its rows. TypeORM answers those two
 * commands with `[rows, affectedCount]` on PostgreSQL, unlike SELECT and INSERT.
 */
export async function updateReturning<T>(
  db: DataSource | EntityManager,
  sql: string,
  parameters: unknown[],
): Promise<T[]> {
  const result = await db.query<[T[], number] | T[]>(sql, parameters);
  const [first] = result;
  return Array.isArray(first) ? first : (result as T[]);
}
