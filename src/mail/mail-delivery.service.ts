import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { AppConfig } from '../config/app-config';
import { CoalescingWriter } from './coalescing-writer';
import { classifyDeliveryError, DeliveryFailure } from './delivery-failure';
import { EventMailSetup, MailContextService } from './mail-context.service';
import type { MailStatus } from './mail-message.entity';
import { MailJob, MailQueue } from './queue/mail-queue.service';
import { AttachmentRefused, MailAttachments } from './mail-attachments';
import { MailComposer, StoredMail } from './mail-composer.service';
import { MailTransport, OutgoingMail } from './mail-transport';

/** A mail this worker took for an attempt. */
type ClaimedMail = StoredMail;

const RECORD_EVERY_MS = 20;
const YIELD_EVERY = 20;

interface Outcome {
  id: string;
  status: MailStatus;
  response: string | null;
  error: string | null;
  /** Hand the job back to the queue (it retries with backoff, or marks it failed when attempts are used up). */
  retry: boolean;
}

/**
 * Delivers a batch of queued mails: claims them (counting the attempt), renders each at send time
 * from its data, its event and the event's overrides, sends them through the pooled transport at
 * once, and records the outcomes in the delivery log as they come (see `log`).
 *
 * A mail already marked sent is never claimed again, so a job retried after a crash re-sends only
 * mails whose sending was cut short; those keep their Message-ID.
 */
@Injectable()
export class MailDeliveryService {
  private readonly logger = new Logger(MailDeliveryService.name);
  /**
   * Outcomes of all batches are recorded as they come, every few ms in one statement, so a crash
   * mid-batch re-sends only the mails whose outcome was not yet written: those in the SMTP
   * conversation or sent in the last few ms.
   */
  private readonly log = new CoalescingWriter<Outcome>((outcomes) => this.record(outcomes), RECORD_EVERY_MS);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: MailQueue,
    private readonly composer: MailComposer,
    private readonly attachments: MailAttachments,
    private readonly transport: MailTransport,
    private readonly contexts: MailContextService,
    private readonly config: AppConfig,
  ) {}

  async deliver(jobs: MailJob[]): Promise<void> {
    const claimed = await this.claim(jobs.map((job) => job.id));
    if (claimed.length === 0) return;
    const setups = await this.contexts.forEvents(claimed.flatMap((mail) => (mail.eventId ? [mail.eventId] : [])));
    const jobsById = new Map(jobs.map((job) => [job.id, job]));
    // The queue hands the batch to another worker after MAIL_SEND_TIMEOUT_SECONDS. Mail not sent well
    // before then (a slow relay, a long queue in the pool) is handed back instead of being sent twice.
    const deadline = Date.now() + Math.max(1000, this.config.MAIL_SEND_TIMEOUT_SECONDS * 750);
    const pending: Promise<Outcome>[] = [];
    const recorded: Promise<void>[] = [];
    for (const [index, mail] of claimed.entries()) {
      // Rendering is synchronous: yield now and then so replies on the open SMTP connections are read meanwhile.
      if (index > 0 && index % YIELD_EVERY === 0) await new Promise((done) => setImmediate(done));
      pending.push(
        this.attempt(mail, mail.eventId ? setups.get(mail.eventId) : undefined, jobsById.get(mail.id)!, deadline).then((outcome) => {
          recorded.push(this.log.add(outcome));
          return outcome;
        }),
      );
    }
    const outcomes = await Promise.all(pending);
    await Promise.all(recorded);
    await this.queue.retryLater(outcomes.filter((outcome) => outcome.retry).map((outcome) => outcome.id));
    this.summarise(outcomes);
  }

  /** Counts an attempt on each mail still queued; mails sent or failed meanwhile are left alone. */
  private async claim(ids: string[]): Promise<ClaimedMail[]> {
    const [rows] = await this.dataSource.query<[ClaimedMail[], number]>(
      `UPDATE mail_message SET attempts = attempts + 1, last_attempt_at = now()
       WHERE id = ANY($1::uuid[]) AND status = 'queued'
       RETURNING id, event_id AS "eventId", invitation_id AS "invitationId", template, to_email AS "toEmail", to_name AS "toName",
                 data, message_id AS "messageId"`,
      [ids],
    );
    return rows;
  }

  private async attempt(mail: ClaimedMail, setup: EventMailSetup | undefined, job: MailJob, deadline: number): Promise<Outcome> {
    let outgoing: OutgoingMail;
    try {
      outgoing = this.composer.compose(mail, setup);
    } catch (error) {
      // A template that cannot render fails the same way every time: no retry.
      this.logger.error({ err: error, mailId: mail.id, template: mail.template }, 'Mail could not be rendered');
      return {
        id: mail.id,
        status: 'failed',
        response: null,
        error: `rendering failed: ${error instanceof Error ? error.message : String(error)}`,
        retry: false,
      };
    }
    try {
      const attachments = await this.attachments.make(mail.data);
      if (attachments.length > 0) outgoing = { ...outgoing, attachments };
    } catch (error) {
      // A feature that refuses (a letter revoked meanwhile) refuses again: no retry. Anything else is retried.
      const refused = error instanceof AttachmentRefused || error instanceof ApiError;
      const message = `attachment failed: ${error instanceof Error ? error.message : String(error)}`;
      if (!refused) this.logger.warn({ err: error, mailId: mail.id, template: mail.template }, 'A mail attachment could not be made');
      return this.failedAttempt(mail, job, { permanent: refused, response: null, error: message });
    }
    try {
      const response = await this.transport.send(outgoing, deadline);
      return { id: mail.id, status: 'sent', response, error: null, retry: false };
    } catch (error) {
      return this.failedAttempt(mail, job, classifyDeliveryError(error));
    }
  }

  /** An attempt that failed: retried later unless the failure is permanent or the attempts are used up. */
  private failedAttempt(mail: ClaimedMail, job: MailJob, failure: DeliveryFailure): Outcome {
    const attemptsLeft = job.retryCount < job.retryLimit;
    const status: MailStatus = failure.permanent || !attemptsLeft ? 'failed' : 'queued';
    return { id: mail.id, status, response: failure.response, error: failure.error, retry: !failure.permanent };
  }

  private async record(outcomes: Outcome[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE mail_message AS m SET
         status = u.status,
         smtp_response = u.response,
         last_error = COALESCE(u.error, m.last_error),
         sent_at = CASE WHEN u.status = 'sent' THEN now() ELSE m.sent_at END,
         failed_at = CASE WHEN u.status = 'failed' THEN now() ELSE m.failed_at END
       FROM unnest($1::uuid[], $2::varchar[], $3::text[], $4::text[]) AS u(id, status, response, error)
       WHERE m.id = u.id`,
      [
        outcomes.map((outcome) => outcome.id),
        outcomes.map((outcome) => outcome.status),
        outcomes.map((outcome) => outcome.response),
        outcomes.map((outcome) => outcome.error),
      ],
    );
  }

  /** One log line per batch that had trouble (never the mails' content or links). */
  private summarise(outcomes: Outcome[]): void {
    const failed = outcomes.filter((outcome) => outcome.status === 'failed');
    const retried = outcomes.filter((outcome) => outcome.status === 'queued');
    if (failed.length > 0)
      this.logger.warn(`${failed.length} of ${outcomes.length} mails failed for good, e.g. ${failed[0].id}: ${failed[0].error}`);
    if (retried.length > 0)
      this.logger.warn(`${retried.length} of ${outcomes.length} mails will be retried, e.g. ${retried[0].id}: ${retried[0].error}`);
  }
}
