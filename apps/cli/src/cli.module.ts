import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { MembersModule } from '@app/members';
import { RedisModule } from '@app/redis';
import { DemoSeeder } from './demo-seeder';

@Module({
  imports: [ConfigModule, DatabaseModule, RedisModule, MembersModule],
  providers: [DemoSeeder],
})
export class CliModule {}
