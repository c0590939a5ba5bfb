import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '@app/auth';
import { AccountsService } from './accounts.service';
import { MemberLookupModule } from './member-lookup.module';
import { MemberEntity } from './member.entity';
import { MembersService } from './members.service';

@Module({
  imports: [MemberLookupModule, AuthModule, TypeOrmModule.forFeature([MemberEntity])],
  providers: [MembersService, AccountsService],
  exports: [MembersService, AccountsService],
})
export class MembersModule {}
