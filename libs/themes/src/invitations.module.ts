import { Module } from '@nestjs/common';
import { MailModule } from '@app/mail';
import { MembersModule } from '@app/members';
import { InvitationsRepository } from './invitations.repository';
import { InvitationsService } from './invitations.service';
import { ThemesModule } from './themes.module';
import { ThemesRepository } from './themes.repository';

/** Invitations (the api only): they send mail and plug into registration. */
@Module({
  imports: [ThemesModule, MembersModule, MailModule],
  providers: [InvitationsRepository, ThemesRepository, InvitationsService],
  exports: [InvitationsService],
})
export class InvitationsModule {}
