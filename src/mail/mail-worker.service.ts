import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MailDeliveryService } from './mail-delivery.service';
import { MailQueue } from './queue/mail-queue.service';
import { MailTransport } from './mail-transport';

/** Starts this instance's mail workers with the application (none when MAIL_WORKER_CONCURRENCY=0). */
@Injectable()
export class MailWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MailWorker.name);

  constructor(
    private readonly config: AppConfig,
    private readonly queue: MailQueue,
    private readonly delivery: MailDeliveryService,
    private readonly transport: MailTransport,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { MAIL_WORKER_CONCURRENCY: workers, MAIL_BATCH_SIZE: batch } = this.config;
    if (workers === 0) return;
    await this.queue.work((jobs) => this.delivery.deliver(jobs));
    this.logger.log(`Mail: ${workers} worker(s) taking up to ${batch} mails at a time, sending via ${this.transport.description}`);
  }

  /** Runs after the queue has stopped taking and finished (or released) its jobs. */
  onApplicationShutdown(): void {
    this.transport.close();
  }
}
