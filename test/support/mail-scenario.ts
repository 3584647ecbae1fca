/**
 * Runs Plenary's real MailService and InvitationsService the way another feature would, inside
 * database transactions, for tests that cannot import Nest (ESM-only) under Jest. Boots the Nest
 * application context on DATABASE_URL, runs one scenario and prints `RESULT <json>`.
 *
 * Usage: node dist/test/support/mail-scenario.js <scenario> <eventId> <arg>
 *   commit <eventId> <email>     a change and a mail in one transaction that commits
 *   rollback <eventId> <email>   the same, but the transaction then fails and rolls back
 *   consume-twice <eventId> <token>  two concurrent registrations use one invitation token, then a third
 *                                    tries again, and a made-up token is tried
 * Set MAIL_WORKER_CONCURRENCY=0 so this process only enqueues (the server under test sends).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource, EntityManager } from 'typeorm';
import { sha256Hex } from '../../src/common/secrets';
import { AuthModule } from '../../src/auth/auth.module';
import { ConfigModule } from '../../src/config/config.module';
import { loadConfig } from '../../src/config/load-config';
import { DatabaseModule } from '../../src/database/database.module';
import { InvitationsService } from '../../src/mail/invitations.service';
import { MailModule } from '../../src/mail/mail.module';
import { MailService } from '../../src/mail/mail.service';

@Module({})
class ScenarioModule {
  static forRoot(): DynamicModule {
    const config = loadConfig();
    return {
      module: ScenarioModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(config.DATABASE_URL!), AuthModule, MailModule],
    };
  }
}

class RolledBack extends Error {}

async function main(): Promise<unknown> {
  const [scenario, eventId, argument] = process.argv.slice(2);
  const app = await NestFactory.createApplicationContext(ScenarioModule.forRoot(), { logger: ['error', 'warn'] });
  try {
    const dataSource = app.get(DataSource);
    const mail = app.get(MailService);
    const registrationMail = (manager: Parameters<MailService['enqueue']>[0]) =>
      mail.enqueue(manager, {
        template: 'registration_confirmed',
        eventId,
        to: argument,
        data: { recipient: { honorific: 'Ms', givenName: 'Mio', familyName: 'Sato' }, badgeCode: 'B-SCENARIO' },
        manageLinkFor: randomUUID(),
      });
    const changeAndMail = (description: string) =>
      dataSource.transaction(async (manager) => {
        await manager.query('UPDATE event SET description = $2 WHERE id = $1', [eventId, description]);
        return registrationMail(manager);
      });

    switch (scenario) {
      case 'commit':
        return { mailId: await changeAndMail('Changed with a committed mail') };
      case 'rollback': {
        let mailId: string | undefined;
        try {
          await dataSource.transaction(async (manager) => {
            await manager.query('UPDATE event SET description = $2 WHERE id = $1', [eventId, 'Changed in a transaction that rolls back']);
            mailId = await registrationMail(manager);
            throw new RolledBack('the registration failed after its mail was enqueued');
          });
        } catch (error) {
          if (!(error instanceof RolledBack)) throw error;
        }
        return { mailId, rolledBack: true };
      }
      case 'consume-twice': {
        const invitations = app.get(InvitationsService);
        // The invitee's own email (an invitation is used by its invitee); a refusal counts as no invitation.
        const [invitee] = await dataSource.query('SELECT email FROM invitation WHERE token_hash = $1', [sha256Hex(argument)]);
        const consume = async (manager: EntityManager, token: string) => {
          const used = await invitations.consume(manager, eventId, token, invitee?.email ?? '');
          return typeof used === 'string' ? null : used;
        };
        const attempts = await Promise.all(
          [1, 2].map(() =>
            dataSource.transaction(async (manager) => {
              const invitation = await consume(manager, argument);
              await new Promise((done) => setTimeout(done, 100)); // hold the row lock while the other waits
              return invitation;
            }),
          ),
        );
        const winners = attempts.filter((invitation) => invitation !== null);
        const consumeOnce = (token: string) => dataSource.transaction((manager) => consume(manager, token));
        return {
          winners: winners.length,
          invitation: winners[0] ?? null,
          again: await consumeOnce(argument),
          madeUp: await consumeOnce(`${argument}x`),
        };
      }
      default:
        throw new Error(`unknown scenario ${scenario}`);
    }
  } finally {
    await app.close();
  }
}

main().then(
  (result) => {
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
