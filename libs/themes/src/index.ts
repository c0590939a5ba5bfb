export { ThemesModule } from './themes.module';
export { ThemesService, toChannelDto } from './themes.service';
export { ThemeAccess, type ChannelAccess, type LostAccess, type VisibleTheme } from './theme-access';
export {
  themeRights,
  isThemeMember,
  canPostIn,
  postRefusal,
  addRefusal,
  mayPostSql,
  type Standing,
  type ThemeRights,
  type Openness,
  type PostRefusal,
  type AddRefusal,
} from './theme-rights';
export { GENERAL_CHANNEL, type ChannelPlace } from './themes.repository';
export { ThemeAccessLost } from './themes.events';
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
export { InvitationsModule } from './invitations.module';
export { InvitationsService, invitationTokenHash, invitationState } from './invitations.service';
export * from './dto/invitation.dto';
