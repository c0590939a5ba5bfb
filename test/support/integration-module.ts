import type { ModuleMetadata } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { DomainEventsModule } from '@app/common';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { RedisModule } from '@app/redis';

/** A Nest module tree on the run's real PostgreSQL and Redis, with the given feature modules on top. */
export async function createIntegrationModule(
  imports: ModuleMetadata['imports'] = [],
): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule, DomainEventsModule, DatabaseModule, RedisModule, ...(imports ?? [])],
  }).compile();
  await moduleRef.init();
  return moduleRef;
}

let counter = 0;
/** An email no other test in this run uses. */
export function uniqueEmail(tag = 'member'): string {
  counter += 1;
  return `${tag}-${process.pid}-${Date.now().toString(36)}-${counter}@test.example`;
}
