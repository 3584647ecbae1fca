import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { DataSource, EntityManager } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { MailService } from '../mail/mail.service';
import { AccountTokensService } from './account-tokens.service';
import { User } from './user.entity';

/** Who a mail about an account greets: its full name, when it has one. */
export const accountRecipient = (user: Pick<User, 'fullName'>) => ({ honorific: null, givenName: user.fullName || null, familyName: null });

/**
 * Setting passwords: a reset by mail, an invited team member's first password, a change by the account
 * itself. Used by the API (AuthController) and the console alike. After a reset or an accepted
 * invitation the caller gets the user's id, to end the account's other sessions where it keeps any.
 */
@Injectable()
export class PasswordsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: AccountTokensService,
    private readonly mail: MailService,
  ) {}

  /**
   * Mails a one-time link to choose a new password if an enabled account has this email (also one with no
   * password yet: an invited member whose invitation expired). Answers the same either way, so nobody
   * learns which addresses have accounts.
   */
  async requestPasswordReset(email: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const user = await manager.getRepository(User).findOneBy({ email: email.trim().toLowerCase() });
      if (!user || user.disabledAt) return;
      const issued = await this.tokens.issue(manager, user.id, 'password_reset');
      await this.mail.enqueue(manager, {
        template: 'password_reset',
        eventId: null,
        to: user.email,
        data: { recipient: accountRecipient(user), validMinutes: this.tokens.lifetimeMinutes('password_reset') },
        accountLinkFor: issued.id,
      });
    });
  }

  /** Sets the password of the account the reset token is for and uses the token up (410 if it is not valid). Answers the user's id. */
  async resetPassword(token: string, newPassword: string): Promise<{ userId: string }> {
    const passwordHash = await argon2.hash(newPassword);
    return this.dataSource.transaction(async (manager) => {
      const userId = await this.tokens.consume(token, 'password_reset', manager);
      await this.setHash(manager, userId, passwordHash);
      return { userId };
    });
  }

  /**
   * An invited team member sets their password (and, if given, their name) with the invitation's token,
   * which is used up (410 if it is not valid). Answers the user's id and email, to sign them in.
   */
  async acceptInvitation(token: string, password: string, fullName?: string): Promise<{ userId: string; email: string }> {
    const passwordHash = await argon2.hash(password);
    return this.dataSource.transaction(async (manager) => {
      const userId = await this.tokens.consume(token, 'team_invitation', manager);
      await this.setHash(manager, userId, passwordHash, fullName?.trim() || undefined);
      const { email } = await manager.getRepository(User).findOneByOrFail({ id: userId });
      return { userId, email };
    });
  }

  /** The signed-in account changes its password; a wrong current one is 400 naming `currentPassword`. */
  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id: userId });
    if (!user) throw ApiError.unauthorized();
    if (!user.passwordHash || !(await argon2.verify(user.passwordHash, currentPassword)))
      throw ApiError.invalidField('currentPassword', 'is not the current password');
    await this.setHash(this.dataSource.manager, userId, await argon2.hash(newPassword));
  }

  private async setHash(manager: EntityManager, userId: string, passwordHash: string, fullName?: string): Promise<void> {
    await manager.getRepository(User).update({ id: userId }, { passwordHash, ...(fullName ? { fullName } : {}) });
  }
}
