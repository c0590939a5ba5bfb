export { ThemesModule } from './themes.module';
export {
  ThemesService,
  toChannelDto,
  GENERAL_CHANNEL,
  type ChannelAccess,
  type LostAccess,
} from './themes.service';
export {
  ThemeEntity,
  THEME_STATUSES,
  THEME_VISIBILITIES,
  type ThemeStatus,
  type ThemeVisibility,
} from './theme.entity';
export { ChannelEntity } from './channel.entity';
export * from './themes.errors';
export * from './dto/theme.dto';
export * from './dto/channel.dto';
