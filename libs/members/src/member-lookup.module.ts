import { Global, Injectable, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SubjectLookup, type Role } from '@app/auth';
import { MemberEntity } from './member.entity';
import { MembersRepository } from './members.repository';

/** What auth asks of every token's member: their role now, or null once they are gone. */
@Injectable()
export class MemberRoleLookup implements SubjectLookup {
  constructor(private readonly members: MembersRepository) {}

  roleOf(memberId: string): Promise<Role | null> {
    return this.members.roleOf(memberId);
  }
}

/**
 * Global so that AuthModule, which the members domain itself imports, can be given the lookup without a
 * cycle between the two modules.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([MemberEntity])],
  providers: [MembersRepository, { provide: SubjectLookup, useClass: MemberRoleLookup }],
  exports: [SubjectLookup],
})
export class MemberLookupModule {}
