import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { RequestsInFlight } from '../common/requests-in-flight';
import { AppConfig } from '../config/app-config';
import { MailDeliveryService } from './mail-delivery.service';
import { MailQueue } from './queue/mail-queue.service';
import { MailTransport } from './mail-transport';
import { waitForTurn } from './send-pacing';

/**
 * Starts this instance's mail workers with the application (none when MAIL_WORKER_CONCURRENCY=0). A
 * batch taken while this instance is answering requests waits until the API is quiet, for at most
 * MAIL_YIELD_SECONDS from its oldest mail's queueing (see `waitForTurn`), and never more than a tenth of
 * MAIL_SEND_TIMEOUT_SECONDS after it was taken: sending shares the cores with
 * intake, and a person at the form should not wait for someone else's confirmation.
 */
@Injectable()
export class MailWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MailWorker.name);

  constructor(
    private readonly config: AppConfig,
    private readonly queue: MailQueue,
    private readonly delivery: MailDeliveryService,
    private readonly transport: MailTransport,
    private readonly requests: RequestsInFlight,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { MAIL_WORKER_CONCURRENCY: workers, MAIL_BATCH_SIZE: batch } = this.config;
    if (workers === 0) return;
    // Jobs in hand count towards MAIL_SEND_TIMEOUT_SECONDS from when they were taken: waiting uses a tenth of it at most.
    const yieldMs = Math.min(this.config.MAIL_YIELD_SECONDS, this.config.MAIL_SEND_TIMEOUT_SECONDS / 10) * 1000;
    await this.queue.work(async (jobs) => {
      if (yieldMs > 0) await waitForTurn(this.requests, Math.min(...jobs.map((job) => job.createdOn.getTime())), yieldMs);
      await this.delivery.deliver(jobs);
    });
    this.logger.log(`Mail: ${workers} worker(s) taking up to ${batch} mails at a time, sending via ${this.transport.description}`);
  }

  /** Runs after the queue has stopped taking and finished (or released) its jobs. */
  onApplicationShutdown(): void {
    this.transport.close();
  }
}
