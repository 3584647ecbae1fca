import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import { AppConfig } from '../config/app-config';
import { MailService } from '../mail/mail.service';
import { SessionSpeakersService } from './session-speakers.service';

/** Invites a booked speaker to their session by mail (the `speaker_invitation` template, through the queue). */
@Injectable()
export class SpeakerInvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessionSpeakers: SessionSpeakersService,
    private readonly mail: MailService,
    private readonly config: AppConfig,
  ) {}

  /** The route checked the caller organises the session's event. */
  async invite(target: AuthorisedTarget, speakerId: string): Promise<{ mailId: string }> {
    const { event, session, speaker, role } = await this.sessionSpeakers.bookingForInvitation(target, speakerId);
    const mailId = await this.dataSource.transaction((manager) =>
      this.mail.enqueue(manager, {
        template: 'speaker_invitation',
        eventId: event.id,
        to: speaker.email,
        data: {
          recipient: { honorific: speaker.honorific, givenName: null, familyName: speaker.fullName },
          sessions: [
            {
              title: session.title,
              startsAt: session.startsAt.toISOString(),
              endsAt: session.endsAt.toISOString(),
              room: session.room,
              role,
            },
          ],
          agendaUrl: `${this.config.publicUrl}/events/${event.slug}/agenda`,
        },
      }),
    );
    return { mailId };
  }
}
