import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AccreditationModule } from './accreditation/accreditation.module';
import { AgendaModule } from './agenda/agenda.module';
import { AccountsModule } from './auth/accounts.module';
import { AuthModule } from './auth/auth.module';
import { BenchModule } from './bench/bench.module';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { createValidationPipe } from './common/validation.pipe';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { configuredPooling } from './database/pooling';
import { DashboardModule } from './dashboard/dashboard.module';
import { DemoModule } from './demo/demo.module';
import { LettersModule } from './documents/letters.module';
import { PagesModule } from './pages/pages.module';
import { ConsoleModule } from './console/console.module';
import { DelegationsModule } from './delegations/delegations.module';
import { EventChangesModule } from './events/event-changes.module';
import { EventsModule } from './events/events.module';
import { FilesModule } from './files/files.module';
import { HealthModule } from './health/health.module';
import { IdentityModule } from './identity/identity.module';
import { loggerOptions } from './logging';
import { OutcomesModule } from './outcomes/outcomes.module';
import { RegistrationsModule } from './registrations/registrations.module';
import { MailModule } from './mail/mail.module';
import { DocumentsModule } from './documents/documents.module';

@Module({})
export class AppModule {
  /** The whole application on a database that is already running and migrated. */
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(config)),
        DatabaseModule.forRoot(databaseUrl, configuredPooling(config)),
        AuthModule,
        EventsModule,
        EventChangesModule,
        DelegationsModule,
        RegistrationsModule,
        IdentityModule,
        LettersModule,
        DashboardModule,
        AgendaModule,
        OutcomesModule,
        DocumentsModule,
        HealthModule,
        ...(config.BENCH_ROUTES ? [BenchModule] : []),
        MailModule,
        AccountsModule,
        DemoModule,
        PagesModule,
        AccreditationModule,
        ConsoleModule,
        FilesModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
