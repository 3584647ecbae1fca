import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AppConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { configuredPooling } from '../database/pooling';
import { DemoModule } from '../demo/demo.module';
import { IdentityModule } from '../identity/identity.module';
import { MailModule } from '../mail/mail.module';
import { DataRekeyCommand } from './data-rekey.command';
import { MailListCommand } from './mail-list.command';
import { MailingStatusCommand } from './mailing-status.command';
import { SeedDemoCommand } from './seed-demo.command';
import { UserCreateCommand } from './user-create.command';

/** The application's services without HTTP, for `npm run cli -- <command>`. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(databaseUrl, configuredPooling(config)),
        AuthModule,
        MailModule,
        DemoModule,
        IdentityModule,
      ],
      providers: [UserCreateCommand, MailListCommand, MailingStatusCommand, SeedDemoCommand, DataRekeyCommand],
    };
  }
}
