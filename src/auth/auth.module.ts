import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { resolveJwtSecret } from '../config/jwt-secret';
import { Event } from '../events/event.entity';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { EventAccessService } from './event-access.service';
import { EventRoleAssignment } from './event-role.entity';
import { EventRoleGuard } from './event-role.guard';
import { LinkTokens } from './link-tokens';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Accounts, login, access tokens and per-event roles. Global: every feature guards its routes with it. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([User, EventRoleAssignment, Event]),
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ secret: resolveJwtSecret(config), signOptions: { expiresIn: config.JWT_TTL_SECONDS } }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        throttlers: [
          { name: 'login', ttl: 60_000, limit: Math.max(config.LOGIN_RATE_LIMIT, 1), skipIf: () => config.LOGIN_RATE_LIMIT === 0 },
          {
            name: 'registration',
            ttl: 60_000,
            limit: Math.max(config.REGISTRATION_RATE_LIMIT, 1),
            skipIf: () => config.REGISTRATION_RATE_LIMIT === 0,
          },
        ],
        errorMessage: (context) =>
          `Too many ${context.getHandler().name === 'login' ? 'login attempts' : context.getHandler().name === 'register' ? 'registrations' : 'requests'} from this address; try again in a minute`,
      }),
    }),
  ],
  controllers: [AuthController, UsersController],
  providers: [
    AuthService,
    UsersService,
    EventAccessService,
    EventRoleGuard,
    { provide: LinkTokens, inject: [AppConfig], useFactory: (config: AppConfig) => new LinkTokens(resolveJwtSecret(config)) },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, UsersService, EventAccessService, EventRoleGuard, LinkTokens],
})
export class AuthModule {}
