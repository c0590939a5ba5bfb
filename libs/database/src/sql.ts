import type { Pool, QueryResultRow } from 'pg';
import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';

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

/**
 * Runs a statement as a named prepared statement: each pooled connection plans it once, not on every call
 * (TypeORM sends unnamed statements, which PostgreSQL plans afresh each time). For the few statements that
 * run for nearly every chat event or every digest, where planning cost as much as executing. The statement goes straight to
 * the pool under the DataSource, so it is its own transaction: never use it for work inside a TypeORM
 * transaction. `name` must be unique to `sql` across the app. Errors are TypeORM's `QueryFailedError`, as
 * from `DataSource.query`.
 */
export async function preparedQuery<T extends QueryResultRow>(
  db: DataSource,
  name: string,
  sql: string,
  parameters: unknown[],
): Promise<T[]> {
  const pool = (db.driver as unknown as { master: Pool }).master;
  try {
    const result = await pool.query<T>({ name, text: sql, values: parameters });
    return result.rows;
  } catch (error: unknown) {
    throw error instanceof Error ? new QueryFailedError(sql, parameters, error) : error;
  }
}

/** The statement broke a unique key (PostgreSQL 23505), optionally a given one, and PostgreSQL undid it. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' && (constraint === undefined || driverError.constraint === constraint);
}

/** A round trip to PostgreSQL, for health checks. */
export async function pingDatabase(db: DataSource): Promise<void> {
  await db.query('SELECT 1');
}
