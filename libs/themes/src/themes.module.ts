import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MembersModule } from '@app/members';
import { ChannelEntity } from './channel.entity';
import { ThemeAccess } from './theme-access';
import { ThemeEntity } from './theme.entity';
import { ThemesRepository } from './themes.repository';
import { ThemesService } from './themes.service';
import { ThemesMemberData } from './themes-member-data';

@Module({
  imports: [MembersModule, TypeOrmModule.forFeature([ThemeEntity, ChannelEntity])],
  providers: [ThemesRepository, ThemeAccess, ThemesService, ThemesMemberData],
  exports: [ThemesService, ThemeAccess],
})
export class ThemesModule {}
