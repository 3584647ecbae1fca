import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import { AppConfig } from '../config/app-config';
import { ApiError } from '../common/errors/api-error';
import { EventAccessService } from './event-access.service';
import { EventRole } from './event-role.entity';
import { EventRolesResponse, LoginResponse } from './auth.dto';
import type { User } from './user.entity';
import { UsersService } from './users.service';

@Injectable()
export class AuthService {
  /** Verified when the email is unknown, so a wrong email costs as much time as a wrong password. */
  private readonly decoyHash = argon2.hash('decoy password that never matches');

  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly access: EventAccessService,
    private readonly config: AppConfig,
  ) {}

  async login(email: string, password: string): Promise<LoginResponse> {
    const user = await this.verifyCredentials(email, password);
    const accessToken = await this.jwt.signAsync({ sub: user.id, email: user.email, role: user.role });
    return { accessToken, expiresIn: this.config.JWT_TTL_SECONDS };
  }

  /** The account with this email and password (the API's token and the console's session both start here); 401 otherwise. */
  async verifyCredentials(email: string, password: string): Promise<User> {
    const user = await this.users.findByEmail(email);
    // No account, no password yet (an invited member) or disabled: the same answer as a wrong password, after as long.
    const valid = await argon2.verify(user?.passwordHash ?? (await this.decoyHash), password);
    if (!user || !user.passwordHash || !valid || user.disabledAt) throw ApiError.unauthorized('Wrong email or password');
    return user;
  }

  /** Grants a role to an existing account (400 naming `email` if none has it); TeamService.grant also invites. */
  async grantEventRole(eventId: string, email: string, role: EventRole): Promise<EventRolesResponse> {
    const user = await this.users.findByEmail(email);
    if (!user) throw ApiError.invalidField('email', `no account has the email ${email}; send "invite": true to invite them`);
    await this.access.grant(eventId, user.id, role);
    const roles = await this.access.rolesAt(eventId, { id: user.id, email: user.email, role: user.role });
    return { eventId, userId: user.id, email: user.email, roles };
  }
}
