import { Injectable } from '@nestjs/common';
import { MemberMailRepository, MemberNotFoundError } from '@app/members';
import type { NotificationSettingsDto, UpdateNotificationSettingsDto } from './dto/notification-settings.dto';

/** A member's digest settings: the members domain keeps them (time zone and language are the profile's). */
@Injectable()
export class DigestSettingsService {
  constructor(private readonly preferences: MemberMailRepository) {}

  async get(memberId: string): Promise<NotificationSettingsDto> {
    const settings = await this.preferences.preferences(memberId);
    if (!settings) throw new MemberNotFoundError();
    return settings;
  }

  async update(memberId: string, changes: UpdateNotificationSettingsDto): Promise<NotificationSettingsDto> {
    const settings = await this.preferences.updatePreferences(memberId, changes);
    if (!settings) throw new MemberNotFoundError();
    return settings;
  }
}
