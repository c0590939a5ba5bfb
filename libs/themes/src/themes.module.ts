import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MembersModule } from '@app/members';
import { ChannelEntity } from './channel.entity';
import { ThemeAccess } from './theme-access';
import { ThemeEntity } from './theme.entity';
import { ThemesRepository } from './themes.repository';
import { ThemesService } from './themes.service';

@Module({
  imports: [MembersModule, TypeOrmModule.forFeature([ThemeEntity, ChannelEntity])],
  providers: [ThemesRepository, ThemeAccess, ThemesService],
  exports: [ThemesService, ThemeAccess],
})
export class ThemesModule {}
