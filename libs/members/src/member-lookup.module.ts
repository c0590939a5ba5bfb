import { Global, Injectable, Module } from '@nestjs/common';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { SubjectLookup, type Role } from '@app/auth';
import { MemberEntity } from './member.entity';

/** What auth asks of every token's member: their role now, or null once they are gone. */
@Injectable()
export class MemberRoleLookup implements SubjectLookup {
  constructor(@InjectRepository(MemberEntity) private readonly members: Repository<MemberEntity>) {}

  async roleOf(memberId: string): Promise<Role | null> {
    const member = await this.members.findOne({ where: { id: memberId }, select: { id: true, role: true } });
    return member?.role ?? null;
  }
}

/**
 * Global so that AuthModule, which the members domain itself imports, can be given the lookup without a
 * cycle between the two modules.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([MemberEntity])],
  providers: [{ provide: SubjectLookup, useClass: MemberRoleLookup }],
  exports: [SubjectLookup],
})
export class MemberLookupModule {}
