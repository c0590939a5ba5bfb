import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '@app/auth';
import { AccountsService } from './accounts.service';
import { LeavingService } from './leaving.service';
import { MemberLookupModule } from './member-lookup.module';
import { MemberMailRepository } from './member-mail.repository';
import { MemberEntity } from './member.entity';
import { MembersRepository } from './members.repository';
import { MembersService } from './members.service';
import { RegistrationGates } from './registration-gate';

@Module({
  imports: [MemberLookupModule, AuthModule, TypeOrmModule.forFeature([MemberEntity])],
  providers: [
    MembersRepository,
    MemberMailRepository,
    MembersService,
    AccountsService,
    RegistrationGates,
    LeavingService,
  ],
  exports: [
    MembersService,
    AccountsService,
    MemberMailRepository,
    MembersRepository,
    RegistrationGates,
    LeavingService,
  ],
})
export class MembersModule {}
