import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthSessionEntity } from './auth-session.entity';
import { CurrentMembers } from './current-members';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtStrategy } from './jwt.strategy';
import { PasswordHasher } from './password-hasher';
import { RolesGuard } from './roles.guard';
import { SessionService } from './session.service';
import { SessionsRepository } from './sessions.repository';
import { TokenService } from './token.service';

/** Needs a SubjectLookup from a global module (the members domain's MemberLookupModule). */
@Module({
  imports: [PassportModule, JwtModule.register({}), TypeOrmModule.forFeature([AuthSessionEntity])],
  providers: [
    TokenService,
    CurrentMembers,
    SessionsRepository,
    SessionService,
    PasswordHasher,
    JwtStrategy,
    JwtAuthGuard,
    RolesGuard,
  ],
  exports: [TokenService, CurrentMembers, SessionService, PasswordHasher, JwtAuthGuard, RolesGuard],
})
export class AuthModule {}
