import { Injectable } from '@nestjs/common';
import { MemberMailRepository, MemberNotFoundError } from '@app/members';
import { DigestResponsesRepository } from './digest-responses.repository';
import type { NotificationSettingsDto, UpdateNotificationSettingsDto } from './dto/notification-settings.dto';

/**
 * A member's digest settings: the members domain keeps them (time zone and language are the profile's).
 * Turning digests off (here or through the unsubscribe link) is recorded for the figures.
 */
@Injectable()
export class DigestSettingsService {
  constructor(
    private readonly preferences: MemberMailRepository,
    private readonly responses: DigestResponsesRepository,
  ) {}

  async get(memberId: string): Promise<NotificationSettingsDto> {
    const settings = await this.preferences.preferences(memberId);
    if (!settings) throw new MemberNotFoundError();
    return settings;
  }

  /** `fromPeriod`: the digest whose unsubscribe link made the change, if it was one. */
  async update(
    memberId: string,
    changes: UpdateNotificationSettingsDto,
    fromPeriod: string | null = null,
  ): Promise<NotificationSettingsDto> {
    const turningOff = changes.digest === 'off' && (await this.get(memberId)).digest !== 'off';
    const settings = await this.preferences.updatePreferences(memberId, changes);
    if (!settings) throw new MemberNotFoundError();
    if (turningOff) await this.responses.recordUnsubscribe(memberId, fromPeriod);
    return settings;
  }
}
