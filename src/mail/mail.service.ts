import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import type { MailAttachmentRef } from './mail-attachments';
import { MailQueue } from './queue/mail-queue.service';
import type { AccountMailTemplateName, MailRecipient, MailTemplateData, MailTemplateName } from './mail-templates';
import { messageIdFor, senderDomain } from './mail-transport';

/** A template's data without `manageUrl` and `setPasswordUrl`, which are derived when the mail is rendered. */
type WithoutManageUrl<T> = T extends unknown ? Omit<T, 'manageUrl' | 'setPasswordUrl' | 'signInUrl'> : never;

/** A mail another feature wants sent. The event gives every template its `event` context. */
export interface MailRequest<N extends MailTemplateName = MailTemplateName> {
  template: N;
  /** The event the mail is about; null for the mails about an account (ACCOUNT_MAIL_TEMPLATES), which have none. */
  eventId: N extends AccountMailTemplateName ? null : string;
  /** The recipient's address; the display name comes from `data.recipient`. */
  to: string;
  /** The template's data, but for `manageUrl`: see `manageLinkFor`. */
  data: WithoutManageUrl<MailTemplateData[N]>;
  /**
   * The registration whose manage link the mail carries as `manageUrl`. The link is derived when the
   * mail is rendered (see LinkTokens), so the database never holds it, only its hash.
   */
  manageLinkFor?: string;
  /**
   * The account_token whose set-password link the mail carries as `setPasswordUrl` (password_reset,
   * team_invitation): derived from the id when the mail is rendered (LinkTokens), never stored.
   */
  accountLinkFor?: string;
  mailingId?: string | null;
  /**
   * Files the mail carries, made when it is sent (MailAttachments) and never stored: the mail's data keeps
   * only these descriptors (kind, ref, file name), which the mail log shows as file names.
   */
  attachments?: MailAttachmentRef[];
}

/** A mail_message row as the queue takes it; invitation mails carry the invitation instead of its link. */
export interface QueuedMail {
  template: MailTemplateName;
  eventId: string | null;
  toEmail: string;
  toName: string | null;
  data: object;
  mailingId: string | null;
  invitationId: string | null;
  /** For a statement that writes many changes and their mails at once: the change this mail is for, which `enqueueing`'s guard may test as m."causeId". Not stored. */
  causeId?: string;
}

export const displayName = (recipient: Pick<MailRecipient, 'givenName' | 'familyName'>): string | null =>
  [recipient.givenName, recipient.familyName].filter(Boolean).join(' ') || null;

/**
 * The one way to send mail. Call it inside the transaction of the change that causes the mail:
 * the mail (a mail_message row, its stable Message-ID, and its queue job) exists if and only if
 * that transaction commits. Workers render and send it afterwards, with retries.
 *
 *   await dataSource.transaction(async (manager) => {
 *     const registration = await manager.save(…);
 *     await mail.enqueue(manager, { template: 'registration_confirmed', eventId, to: registration.email, data: { … } });
 *   });
 */
@Injectable()
export class MailService {
  private readonly domain: string;
  /** Set while `withoutMail` runs. */
  private readonly silenced = new AsyncLocalStorage<true>();

  constructor(
    private readonly queue: MailQueue,
    @InjectDataSource() private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.domain = senderDomain(config.MAIL_FROM);
  }

  /**
   * Runs `work` with mail switched off: whatever it would enqueue, through any feature, is dropped (no
   * mail_message row, no job). For sample data, such as the demo seed, whose people must not be mailed.
   */
  withoutMail<T>(work: () => Promise<T>): Promise<T> {
    return this.silenced.run(true, work);
  }

  /** Enqueues one mail on the transaction of `manager`; returns its id (the mail_message row). */
  async enqueue<N extends MailTemplateName>(manager: EntityManager, mail: MailRequest<N>): Promise<string> {
    const [id] = await this.enqueueMany(manager, [mail]);
    return id;
  }

  /** Enqueues many mails with one statement whatever their number; returns their ids in order. */
  enqueueMany(manager: EntityManager, mails: readonly MailRequest[]): Promise<string[]> {
    return this.enqueueQueued(
      manager,
      mails.map((mail) => this.queuedOf(mail)),
    );
  }

  /** For this feature's mailings: rows as stored, e.g. invitation mails whose link the worker adds. One statement whatever their number. */
  async enqueueQueued(manager: EntityManager, mails: readonly QueuedMail[]): Promise<string[]> {
    if (mails.length === 0 || this.silenced.getStore()) return [];
    this.queue.markEnqueued(manager);
    const { ids, rows } = this.rowsOf(mails);
    // `enqueueing`'s guard raises, and so rolls the transaction back, unless every mail got its job.
    await manager.query(`WITH ${this.enqueueing('$1')} SELECT 1`, [rows]);
    return ids;
  }

  /** Gives each mail its id and Message-ID; `rows` is the JSON parameter `enqueueing` reads. */
  rowsOf(all: readonly QueuedMail[]): { ids: string[]; rows: string } {
    const mails = this.silenced.getStore() ? [] : all; // see withoutMail
    const ids = mails.map(() => randomUUID());
    // One JSON document rather than nine arrays: much cheaper to build for 10,000 rows.
    const rows = mails.map((mail, index) => ({ ...mail, id: ids[index], messageId: messageIdFor(ids[index], this.domain) }));
    return { ids, rows: JSON.stringify(rows) };
  }

  /**
   * CTEs for a statement that enqueues mail along with its change: `mail` stores the rows of the JSON
   * parameter `rowsParam` (from `rowsOf`, as `m`) in the delivery log when the SQL condition `guard`
   * holds, with `data` as the SQL expression given (default: as given), and `mail_job` queues them. The
   * mail exists exactly when the statement's transaction commits.
   *
   * `mail_queued` is the guard "every mail queued, or the change rolls back": it runs whether or not the
   * statement reads it (a data-modifying CTE), and raises (the function `mail_all_queued`, see its
   * migration) when the queue accepted fewer jobs than mails were stored, whatever the reason, which
   * fails the whole statement. It inserts nothing. So every user of this fragment is guarded, whatever
   * the rest of its statement.
   */
  enqueueing(rowsParam: string, guard = 'true', data = 'm."data"'): string {
    return `mail AS (
        INSERT INTO mail_message (id, event_id, mailing_id, invitation_id, template, to_email, to_name, data, message_id)
        SELECT "id", "eventId", "mailingId", "invitationId", "template", "toEmail", "toName", ${data}, "messageId"
        FROM json_to_recordset(${rowsParam}::json) AS m("id" uuid, "eventId" uuid, "mailingId" uuid, "invitationId" uuid, "template" varchar, "toEmail" varchar, "toName" varchar, "data" jsonb, "messageId" varchar, "causeId" uuid)
        WHERE ${guard}
        RETURNING id),
      mail_job AS (${this.queue.jobsFrom('SELECT id FROM mail')} RETURNING id),
      mail_queued AS (
        INSERT INTO mail_message (id, event_id, template, to_email, data, message_id)
        SELECT NULL::uuid, NULL::uuid, NULL::varchar, NULL::varchar, NULL::jsonb, NULL::varchar
        WHERE NOT mail_all_queued((SELECT count(*) FROM mail), (SELECT count(*) FROM mail_job)))`;
  }

  /** The row a mail request is stored as. */
  queuedOf(mail: MailRequest): QueuedMail {
    return {
      template: mail.template,
      eventId: mail.eventId,
      toEmail: mail.to.trim(),
      toName: displayName(mail.data.recipient),
      data: {
        ...mail.data,
        ...(mail.manageLinkFor ? { manageLinkFor: mail.manageLinkFor } : {}),
        ...(mail.accountLinkFor ? { accountLinkFor: mail.accountLinkFor } : {}),
        ...(mail.attachments?.length ? { attachments: mail.attachments } : {}),
      },
      mailingId: mail.mailingId ?? null,
      invitationId: null,
    };
  }

  /**
   * Puts a failed mail of the event back in the queue, to be sent as it is now rendered (same Message-ID), with its
   * attempts counted on. One conditional statement: only a failed mail is retried, so of two retries at
   * once (a double click, two organisers) one queues it and the other finds it queued. True if this call queued it.
   */
  async retryFailed(eventId: string, mailId: string): Promise<boolean> {
    const [row] = await this.dataSource.query<{ retried: number }[]>(
      `WITH retried AS (
         UPDATE mail_message SET status = 'queued', failed_at = NULL WHERE id = $1 AND event_id = $2 AND status = 'failed' RETURNING id),
       job AS (${this.queue.jobsAgainFrom('SELECT id FROM retried')} RETURNING id)
       SELECT (SELECT count(*) FROM job)::int AS retried`,
      [mailId, eventId],
    );
    if (row.retried > 0) this.queue.wake();
    return row.retried > 0;
  }

  /** For `enqueueing` run on a TypeORM transaction: its commit wakes this instance's workers. */
  markEnqueued(manager: EntityManager): void {
    this.queue.markEnqueued(manager);
  }

  /** Wakes this instance's workers for mail enqueued outside a TypeORM transaction (a single statement). */
  wake(): void {
    this.queue.wake();
  }
}
