import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { FilesModule } from '../files/files.module';
import { MailModule } from '../mail/mail.module';
import { CredentialsLettersController } from './credentials-letters.controller';
import { CredentialsLettersService } from './credentials-letters.service';
import { DelegationsController } from './delegations.controller';
import { DelegationsService } from './delegations.service';

@Module({
  imports: [EventsModule, MailModule, FilesModule],
  controllers: [DelegationsController, CredentialsLettersController],
  providers: [DelegationsService, CredentialsLettersService],
  exports: [DelegationsService, CredentialsLettersService],
})
export class DelegationsModule {}
