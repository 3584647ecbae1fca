import { karachi, speakers } from '../fixtures/islamabad-2025';
import { useApp } from '../support/context';
import { createEvent, createSession, createSpeaker, createUser, expectStatus, TestUser } from '../support/factories';
import { useSmtpSink } from '../support/smtp';

/**
 * Issue 17, the agenda rules the console needed, through the API: a speaker invitation mails once however
 * often it is asked for at once; replacing a session's speakers checks only the newcomers for clashes, so a
 * clash booked on purpose does not block the next change; speakers who stay keep the time of their invitation.
 */
describe('Agenda API: invitations once, clashes checked for newcomers', () => {
  const env: Record<string, string> = { MAIL_POLL_INTERVAL_MS: '500' };
  useSmtpSink(env);
  const ctx = useApp(env);
  let organiser: TestUser;
  let event: { id: string };
  let closing: { id: string };
  let briefing: { id: string };
  let chaudhry: { id: string };
  let grandet: { id: string };
  let sato: { id: string };

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser');
    event = await createEvent(organiser.api);
    chaudhry = await createSpeaker(organiser.api, event.id, { ...speakers.chaudhry, email: 'talal.chaudhry@interior.example.org' });
    grandet = await createSpeaker(organiser.api, event.id, speakers.grandet);
    sato = await createSpeaker(organiser.api, event.id, speakers.sato);
    closing = await createSession(organiser.api, event.id, {
      title: 'Closing session',
      kind: 'closing',
      startsAt: karachi('2025-11-27', '14:30'),
      endsAt: karachi('2025-11-27', '15:30'),
    });
    briefing = await createSession(organiser.api, event.id, {
      title: 'Press briefing',
      kind: 'side_event',
      startsAt: karachi('2025-11-27', '15:00'),
      endsAt: karachi('2025-11-27', '15:45'),
    });
  });

  const put = (sessionId: string, body: unknown) => organiser.api.put(`/sessions/${sessionId}/speakers`, body);

  it('mails a speaker invitation once when it is asked for twice at once, and says when it was sent', async () => {
    expectStatus(await put(closing.id, { speakers: [{ speakerId: chaudhry.id, role: 'keynote' }] }), 200, 'booking');
    const answers = await Promise.all([1, 2].map(() => organiser.api.post(`/sessions/${closing.id}/speakers/${chaudhry.id}/invitation`)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([202, 409]);
    expect(answers.find((answer) => answer.status === 409)!.body.code).toBe('SPEAKER_RECENTLY_INVITED');
    const log = expectStatus(await organiser.api.get(`/events/${event.id}/mail-log?pageSize=100`), 200, 'mail log');
    expect(log.items.filter((item: any) => item.template === 'speaker_invitation')).toHaveLength(1);

    // Adding a speaker keeps the keynote's invitation time.
    const kept = expectStatus(
      await put(closing.id, {
        speakers: [
          { speakerId: chaudhry.id, role: 'keynote' },
          { speakerId: grandet.id, role: 'speaker' },
        ],
      }),
      200,
      'adding Grandet',
    );
    const keynote = kept.speakers.find((speaker: any) => speaker.speakerId === chaudhry.id);
    expect(keynote.invitedAt).toMatch(/^2\d{3}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+05:00$/);
    expect(kept.speakers.find((speaker: any) => speaker.speakerId === grandet.id).invitedAt).toBeNull();
  });

  it('checks only newcomers for clashes: a clash booked on purpose does not block the next change, a new one does', async () => {
    const refused = await put(briefing.id, { speakers: [{ speakerId: chaudhry.id, role: 'keynote' }] });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('SPEAKER_CONFLICT');
    expectStatus(await put(briefing.id, { speakers: [{ speakerId: chaudhry.id, role: 'keynote' }], allowConflicts: true }), 200, 'anyway');
    // Adding Ms Sato, who is free, goes through without allowConflicts although the keynote clashes.
    const added = expectStatus(
      await put(briefing.id, {
        speakers: [
          { speakerId: chaudhry.id, role: 'keynote' },
          { speakerId: sato.id, role: 'speaker' },
        ],
      }),
      200,
      'adding Sato',
    );
    expect(added.speakers.map((speaker: any) => speaker.fullName)).toEqual(['Talal Chaudhry', 'Mio Sato']);
    // Mr Grandet is in the closing session: new here, so his clash is refused.
    const newcomer = await put(briefing.id, {
      speakers: [
        { speakerId: chaudhry.id, role: 'keynote' },
        { speakerId: sato.id, role: 'speaker' },
        { speakerId: grandet.id, role: 'speaker' },
      ],
    });
    expect(newcomer.status).toBe(409);
    expect(newcomer.body.message).toContain('Philippe Grandet is already booked in "Closing session"');
    const conflicts = expectStatus(await organiser.api.get(`/events/${event.id}/conflicts`), 200, 'conflicts');
    expect(conflicts.speakers.map((clash: any) => clash.speaker.fullName)).toEqual(['Talal Chaudhry']);
  });
});
