import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MembersModule } from '@app/members';
import { ChannelEntity } from './channel.entity';
import { ThemeEntity } from './theme.entity';
import { ThemesService } from './themes.service';

@Module({
  imports: [MembersModule, TypeOrmModule.forFeature([ThemeEntity, ChannelEntity])],
  providers: [ThemesService],
  exports: [ThemesService],
})
export class ThemesModule {}
