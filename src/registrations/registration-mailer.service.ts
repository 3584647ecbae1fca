import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { MailRequest, MailService } from '../mail/mail.service';
import { Registration } from './registration.entity';

export type RegistrationMail =
  'registration_received' | 'registration_confirmed' | 'waitlisted' | 'promoted_from_waitlist' | 'registration_rejected' | 'manage_link';

/** What a registration's mails say of it. */
type MailedRegistration = Pick<
  Registration,
  'id' | 'eventId' | 'email' | 'honorific' | 'givenName' | 'familyName' | 'badgeCode' | 'waitlistPosition'
>;

/**
 * The mails of a registration's life, enqueued on the transaction that changes it: committed changes
 * always mail, rolled-back ones never do. Each carries the registrant's secret manage link.
 */
@Injectable()
export class RegistrationMailer {
  constructor(private readonly mail: MailService) {}

  /** The mail that tells the registrant their current status. */
  async statusMail(manager: EntityManager, registration: Registration, reason: string | null = null): Promise<void> {
    switch (registration.status) {
      case 'pending':
        return this.send(manager, registration, 'registration_received');
      case 'confirmed':
        return this.send(manager, registration, 'registration_confirmed');
      case 'waitlisted':
        return this.send(manager, registration, 'waitlisted');
      case 'rejected':
        return this.send(manager, registration, 'registration_rejected', reason);
      case 'cancelled':
        return;
    }
  }

  /** One `promoted_from_waitlist` mail each, in one statement however many were promoted. */
  async promoted(manager: EntityManager, registrations: Registration[]): Promise<void> {
    await this.mail.enqueueMany(
      manager,
      registrations.map((registration) => this.request(registration, 'promoted_from_waitlist')),
    );
  }

  /** The manage link again, for a registrant who lost it (see ManageLinksService). */
  async manageLink(manager: EntityManager, registration: Registration): Promise<void> {
    await this.send(manager, registration, 'manage_link');
  }

  private async send(
    manager: EntityManager,
    registration: Registration,
    template: RegistrationMail,
    reason: string | null = null,
  ): Promise<void> {
    await this.mail.enqueue(manager, this.request(registration, template, reason));
  }

  /** The mail of a registration's current status, as a request the mail feature stores and queues. */
  request(registration: MailedRegistration, template: RegistrationMail, reason: string | null = null): MailRequest {
    const recipient = { honorific: registration.honorific, givenName: registration.givenName, familyName: registration.familyName };
    const base = { eventId: registration.eventId, to: registration.email };
    const linked = { ...base, manageLinkFor: registration.id };
    switch (template) {
      case 'registration_received':
      case 'promoted_from_waitlist':
      case 'manage_link':
        return { ...linked, template, data: { recipient } };
      case 'registration_confirmed':
        return { ...linked, template, data: { recipient, badgeCode: registration.badgeCode } };
      case 'waitlisted':
        return { ...linked, template, data: { recipient, waitlistPosition: registration.waitlistPosition ?? 0 } };
      case 'registration_rejected':
        return { ...base, template, data: { recipient, reason } };
    }
  }
}
