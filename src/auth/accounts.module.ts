import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { AccountsController } from './accounts.controller';
import { AccountTokensService } from './account-tokens.service';
import { PasswordsService } from './passwords.service';
import { TeamController } from './team.controller';
import { TeamService } from './team.service';

/**
 * What accounts and teams do that sends mail (issue 16): set-password links, password resets, team
 * invitations, revoking roles. Apart from AuthModule, which every module needs and which must not need mail.
 * The console calls the same services: PasswordsService, TeamService, AccountTokensService (peek).
 */
@Module({
  imports: [MailModule],
  controllers: [AccountsController, TeamController],
  providers: [AccountTokensService, PasswordsService, TeamService],
  exports: [AccountTokensService, PasswordsService, TeamService],
})
export class AccountsModule {}
