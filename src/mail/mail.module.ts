import { Module } from '@nestjs/common';
import { RequestsInFlight } from '../common/requests-in-flight';
import { AppConfig } from '../config/app-config';
import { InvitationsService } from './invitations.service';
import { MailAttachments } from './mail-attachments';
import { MailComposer } from './mail-composer.service';
import { MailContextService } from './mail-context.service';
import { MailDeliveryService } from './mail-delivery.service';
import { MailLogController } from './mail-log.controller';
import { MailLogService } from './mail-log.service';
import { MailQueue } from './queue/mail-queue.service';
import { MailRenderer } from './mail-renderer';
import { MailTemplatesController } from './mail-templates.controller';
import { MailTemplatesService } from './mail-templates.service';
import { createMailTransport, MailTransport } from './mail-transport';
import { MailWorker } from './mail-worker.service';
import { MailService } from './mail.service';
import { MailingsController } from './mailings.controller';
import { MailingsService } from './mailings.service';

/**
 * Mail for every feature: templates, the transactional queue (queue/), workers, transports, the
 * delivery log, mailings and invitations. Other features use MailService (enqueue, or the `enqueueing`
 * statement fragment), MailLogService, MailingsService and InvitationsService; see README.md.
 */
@Module({
  controllers: [MailingsController, MailTemplatesController, MailLogController],
  providers: [
    { provide: MailRenderer, useFactory: () => new MailRenderer().checkDefaults() },
    { provide: MailTransport, inject: [AppConfig], useFactory: createMailTransport },
    MailQueue,
    MailService,
    MailContextService,
    MailComposer,
    MailAttachments,
    MailDeliveryService,
    MailWorker,
    // The HTTP server's requests, counted by createApp: the workers yield to them.
    RequestsInFlight,
    InvitationsService,
    MailingsService,
    MailTemplatesService,
    MailLogService,
  ],
  exports: [MailService, MailAttachments, InvitationsService, MailingsService, MailLogService, MailTemplatesService, RequestsInFlight],
})
export class MailModule {}
