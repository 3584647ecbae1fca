import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { MailQueue, transactionOf } from './mail-queue.service';
import type { MailRecipient, MailTemplateData, MailTemplateName } from './mail-templates';
import { messageIdFor, senderDomain } from './mail-transport';

/** A mail another feature wants sent. The event gives every template its `event` context. */
export interface MailRequest<N extends MailTemplateName = MailTemplateName> {
  template: N;
  eventId: string;
  /** The recipient's address; the display name comes from `data.recipient`. */
  to: string;
  data: MailTemplateData[N];
  mailingId?: string | null;
}

/** A mail_message row as the queue takes it; invitation mails carry the invitation instead of its link. */
export interface QueuedMail {
  template: MailTemplateName;
  eventId: string;
  toEmail: string;
  toName: string | null;
  data: object;
  mailingId: string | null;
  invitationId: string | null;
}

export const displayName = (recipient: MailRecipient): string | null => [recipient.givenName, recipient.familyName].filter(Boolean).join(' ') || null;

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

  constructor(
    private readonly queue: MailQueue,
    config: AppConfig,
  ) {
    this.domain = senderDomain(config.MAIL_FROM);
  }

  /** Enqueues one mail on the transaction of `manager`; returns its id (the mail_message row). */
  async enqueue<N extends MailTemplateName>(manager: EntityManager, mail: MailRequest<N>): Promise<string> {
    const [id] = await this.enqueueMany(manager, [mail]);
    return id;
  }

  /** Enqueues many mails with three statements whatever their number; returns their ids in order. */
  enqueueMany(manager: EntityManager, mails: readonly MailRequest[]): Promise<string[]> {
    return this.enqueueQueued(
      manager,
      mails.map((mail) => ({
        template: mail.template,
        eventId: mail.eventId,
        toEmail: mail.to.trim(),
        toName: displayName(mail.data.recipient),
        data: mail.data,
        mailingId: mail.mailingId ?? null,
        invitationId: null,
      })),
    );
  }

  /** For this feature's mailings: rows as stored, e.g. invitation mails whose link the worker adds. */
  async enqueueQueued(manager: EntityManager, mails: readonly QueuedMail[]): Promise<string[]> {
    if (mails.length === 0) return [];
    transactionOf(manager);
    const ids = mails.map(() => randomUUID());
    await manager.query(
      `INSERT INTO mail_message (id, event_id, mailing_id, invitation_id, template, to_email, to_name, data, message_id)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::varchar[], $6::varchar[], $7::varchar[], $8::jsonb[], $9::varchar[])`,
      [
        ids,
        mails.map((mail) => mail.eventId),
        mails.map((mail) => mail.mailingId),
        mails.map((mail) => mail.invitationId),
        mails.map((mail) => mail.template),
        mails.map((mail) => mail.toEmail),
        mails.map((mail) => mail.toName),
        mails.map((mail) => JSON.stringify(mail.data)),
        ids.map((id) => messageIdFor(id, this.domain)),
      ],
    );
    await this.queue.add(manager, ids);
    return ids;
  }
}
