import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import { ApiError } from '../common/errors/api-error';
import { AppConfig } from '../config/app-config';
import { MailService } from '../mail/mail.service';
import { SessionSpeakersService } from './session-speakers.service';

/** How long after a speaker was mailed their invitation to a session the next one is refused (a double click, two organisers). */
export const INVITE_INTERVAL_SECONDS = 60;

/** Invites a booked speaker to their session by mail (the `speaker_invitation` template, through the queue). */
@Injectable()
export class SpeakerInvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessionSpeakers: SessionSpeakersService,
    private readonly mail: MailService,
    private readonly config: AppConfig,
  ) {}

  /**
   * The route checked the caller organises the session's event. One UPDATE both checks and stamps the
   * booking's `invited_at`, in the transaction that queues the mail, so of requests within
   * INVITE_INTERVAL_SECONDS (a double click, two organisers, two instances) only the first mails; the
   * others are 409 SPEAKER_RECENTLY_INVITED.
   */
  async invite(target: AuthorisedTarget, speakerId: string): Promise<{ mailId: string }> {
    const { event, session, speaker, role } = await this.sessionSpeakers.bookingForInvitation(target, speakerId);
    const mailId = await this.dataSource.transaction(async (manager) => {
      const stamped: unknown[] = await manager.query(
        `WITH invited AS (
           UPDATE session_speaker SET invited_at = now()
            WHERE session_id = $1 AND speaker_id = $2
              AND (invited_at IS NULL OR invited_at <= now() - make_interval(secs => $3))
            RETURNING id)
         SELECT id FROM invited`,
        [session.id, speaker.id, INVITE_INTERVAL_SECONDS],
      );
      if (stamped.length === 0)
        throw new ApiError('SPEAKER_RECENTLY_INVITED', `${speaker.fullName} was mailed the invitation to this session moments ago`, {
          retryAfterSeconds: INVITE_INTERVAL_SECONDS,
        });
      return this.mail.enqueue(manager, {
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
      });
    });
    return { mailId };
  }
}
