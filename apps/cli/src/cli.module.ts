import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { ChatModule } from '@app/chat';
import { MembersModule } from '@app/members';
import { RedisModule } from '@app/redis';
import { ThemesModule } from '@app/themes';
import { DemoSeeder } from './demo-seeder';

@Module({
  imports: [ConfigModule, DatabaseModule, RedisModule, MembersModule, ThemesModule, ChatModule],
  providers: [DemoSeeder],
})
export class CliModule {}
