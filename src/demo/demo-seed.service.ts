import { CommitmentsService } from '../outcomes/commitments.service';
import { OutcomesService } from '../outcomes/outcomes.service';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SessionSpeakersService } from '../agenda/session-speakers.service';
import { SessionsService } from '../agenda/sessions.service';
import { SpeakersService } from '../agenda/speakers.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { UsersService } from '../auth/users.service';
import { EventAccessService } from '../auth/event-access.service';
import { AppConfig } from '../config/app-config';
import { DelegationsService } from '../delegations/delegations.service';
import { MailService } from '../mail/mail.service';
import { Event } from '../events/event.entity';
import { EventChanges } from '../events/event-changes.service';
import { EventSeries } from '../events/event-series.entity';
import { EventsService } from '../events/events.service';
import { PartnersService } from '../events/partners.service';
import { SeriesService } from '../events/series.service';
import type { CreateRegistrationDto } from '../registrations/registration.dto';
import { RegistrationsService } from '../registrations/registrations.service';
import { AccreditationService } from '../accreditation/accreditation.service';
import { ParticipantsService } from '../documents/participants.service';
import { LetterTemplatesService } from '../documents/letters-template.service';
import { IdentityService } from '../identity/identity.service';
import { RegistrationPhotosService } from '../registrations/registration-photos.service';
import { Registration } from '../registrations/registration.entity';
import { demoPortrait } from './demo-portrait';
import {
  conference,
  DEMO_ORGANISER,
  DEMO_STAFF,
  DemoEvent,
  delegationHeads,
  demoPassports,
  karachi,
  launch,
  organisations,
  outcomeStatement,
  sampleRegistrations,
  SERIES_NAME,
  visaLetter,
} from './demo-data';

export interface DemoSeedResult {
  created: string[];
  urls: string[];
  /** The organisers' console, where the demo organiser signs in. */
  console: string;
  organiser: { email: string; password: string };
  /** The rapporteur and the check-in desk of the conference. */
  staff: { email: string; password: string; role: string }[];
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/**
 * Builds the Islamabad demo through the services (so every rule holds), without mail (see `seed`).
 * Idempotent: the organiser, the series and each event (found by slug) are created only when missing.
 */
@Injectable()
export class DemoSeedService {
  private readonly logger = new Logger(DemoSeedService.name);

  constructor(
    private readonly outcomes: OutcomesService,
    private readonly commitments: CommitmentsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly events: EventsService,
    private readonly eventChanges: EventChanges,
    private readonly partners: PartnersService,
    private readonly series: SeriesService,
    private readonly speakers: SpeakersService,
    private readonly sessions: SessionsService,
    private readonly sessionSpeakers: SessionSpeakersService,
    private readonly delegations: DelegationsService,
    private readonly registrations: RegistrationsService,
    private readonly mail: MailService,
    private readonly access: EventAccessService,
    private readonly accreditation: AccreditationService,
    private readonly photos: RegistrationPhotosService,
    private readonly identity: IdentityService,
    private readonly letterTemplates: LetterTemplatesService,
    private readonly participants: ParticipantsService,
  ) {}

  /** True when the database holds no event yet (start-up seeds only then). */
  async isEmpty(): Promise<boolean> {
    return (await this.dataSource.getRepository(Event).count()) === 0;
  }

  /**
   * Seeds the demo without mailing anyone: its heads of delegation and registrants are sample people at
   * example.org addresses, which a real SMTP_URL would otherwise try to reach (MailService.withoutMail).
   */
  seed(progress: (step: string) => void = () => undefined): Promise<DemoSeedResult> {
    return this.mail.withoutMail(() => this.seedAll(progress));
  }

  private async seedAll(progress: (step: string) => void): Promise<DemoSeedResult> {
    const created: string[] = [];
    const organiser = await this.organiser(created);
    let series = await this.dataSource.getRepository(EventSeries).findOneBy({ name: SERIES_NAME });
    if (!series) {
      const made = await this.series.create({ name: SERIES_NAME }, organiser);
      series = await this.dataSource.getRepository(EventSeries).findOneByOrFail({ id: made.id });
      created.push(`series "${SERIES_NAME}"`);
    }
    for (const [position, data] of [conference, launch].entries()) {
      if (await this.dataSource.getRepository(Event).findOneBy({ slug: data.slug })) continue;
      progress(`Creating ${data.slug}`);
      await this.event(data, organiser, series.id, position + 2, progress);
      created.push(`event ${data.slug}`);
    }
    await this.staff(created);
    const base = this.config.publicUrl;
    return {
      created,
      urls: [
        `${base}/`,
        `${base}/events/${conference.slug}`,
        `${base}/events/${conference.slug}/register`,
        `${base}/events/${conference.slug}/agenda`,
        `${base}/events/${launch.slug}`,
        `${base}/api/docs`,
      ],
      console: `${base}/console`,
      organiser: { email: DEMO_ORGANISER.email, password: DEMO_ORGANISER.password },
      staff: DEMO_STAFF.map(({ email, password, role }) => ({ email, password, role })),
    };
  }

  /** The conference's rapporteur and check-in desk: accounts without a global role, and their role at the event. */
  private async staff(created: string[]): Promise<void> {
    const event = await this.dataSource.getRepository(Event).findOneByOrFail({ slug: conference.slug });
    for (const member of DEMO_STAFF) {
      const existing = await this.users.findByEmail(member.email);
      const user =
        existing ??
        (await this.users.create({ email: member.email, password: member.password, fullName: member.fullName, role: 'member' }));
      if (!existing) created.push(`${member.role} ${member.email}`);
      await this.access.grant(event.id, user.id, member.role);
    }
  }

  private async organiser(created: string[]): Promise<AuthenticatedUser> {
    const existing = await this.users.findByEmail(DEMO_ORGANISER.email);
    const user = existing ?? (await this.users.create({ ...DEMO_ORGANISER, role: 'organiser' }));
    if (!existing) created.push(`organiser ${DEMO_ORGANISER.email}`);
    return { id: user.id, email: user.email, role: user.role };
  }

  private async event(
    data: DemoEvent,
    organiser: AuthenticatedUser,
    seriesId: string,
    seriesPosition: number,
    progress: (step: string) => void,
  ): Promise<void> {
    const event = await this.eventChanges.create(
      {
        slug: data.slug,
        title: data.title,
        description: data.description,
        startDate: data.startDate,
        endDate: data.endDate,
        timezone: data.timezone,
        venue: data.venue,
        city: data.city,
        countryCode: data.countryCode,
        capacity: data.capacity,
        seriesId,
        seriesPosition,
        // Issue 18: the conference asks for photos, and for passport data only when the server can encrypt it.
        ...(data === conference ? { asksPhoto: true, asksPassport: this.identity.keyConfigured } : {}),
      },
      organiser,
    );
    for (const partner of data.partners) {
      const org = organisations[partner.org];
      await this.partners.add(event.id, {
        organisation: { name: org.name, acronym: org.acronym, kind: org.kind, countryCode: org.countryCode },
        role: partner.role,
      });
    }
    const speakerIds = new Map<string, string>();
    for (const speaker of data.speakers) {
      const made = await this.speakers.create(event.id, {
        honorific: speaker.honorific,
        fullName: speaker.fullName,
        position: speaker.position,
        organisation: speaker.org ? organisations[speaker.org].name : undefined,
        precedence: speaker.precedence,
      });
      speakerIds.set(speaker.key, made.id);
    }
    progress(`  agenda: ${data.sessions.length} sessions`);
    for (const session of data.sessions) {
      const made = await this.sessions.create(event.id, {
        title: session.title,
        kind: session.kind as never,
        startsAt: karachi(session.day, session.start),
        endsAt: karachi(session.day, session.end),
        room: session.room,
        description: session.description ?? null,
      });
      if (session.speakers?.length) {
        await this.sessionSpeakers.set(
          { id: made.id, eventId: event.id },
          { speakers: session.speakers.map((s, order) => ({ speakerId: speakerIds.get(s.key)!, role: s.role as never, order })) },
        );
      }
    }
    const codes = new Map<string, string>();
    const all = [
      ...data.countryDelegations.map((code) => ({
        key: code,
        name: regionNames.of(code) ?? code,
        kind: 'country' as const,
        countryCode: code,
      })),
      ...data.organisationDelegations.map((key) => ({
        key: organisations[key].acronym,
        name: organisations[key].acronym,
        kind: 'organisation' as const,
        organisationName: organisations[key].name,
      })),
    ];
    if (all.length) progress(`  delegations: ${all.length}`);
    for (const delegation of all) {
      const made = await this.delegations.create(event.id, {
        name: delegation.name,
        kind: delegation.kind,
        countryCode: 'countryCode' in delegation ? delegation.countryCode : undefined,
        organisationName: 'organisationName' in delegation ? delegation.organisationName : undefined,
        quota: data.delegationQuota,
        head: delegationHeads[delegation.key],
      });
      codes.set(delegation.key, made.code);
    }
    await this.events.setStatus(event.id, 'published');
    if (data !== conference) return;
    progress(`  sample registrations: ${sampleRegistrations.length}`);
    // The conference is over, so registration is closed (it closes when an event ends): the sample
    // registrations go through a window opened for them and closed again, as if made while it was open.
    await this.eventChanges.update(event.id, { registrationClosesAt: new Date(Date.now() + 3_600_000).toISOString() }, organiser);
    for (const { delegation, ...person } of sampleRegistrations) {
      const dto = {
        ...person,
        category: person.category ?? 'delegate',
        ...(delegation ? { delegationCode: codes.get(delegation) } : {}),
      } as CreateRegistrationDto;
      await this.registrations.register(event.id, dto);
    }
    await this.eventChanges.update(event.id, { registrationClosesAt: null }, organiser);
    await this.accredited(event.id, progress);
    progress('  the published outcome statement and its commitments');
    const outcome = await this.outcomes.create(
      event.id,
      { title: outcomeStatement.title, kind: outcomeStatement.kind, body: outcomeStatement.body },
      organiser,
    );
    const document = { id: outcome.id, eventId: event.id };
    await this.commitments.replace(
      document,
      { commitments: outcomeStatement.commitments.map((commitment) => ({ ...commitment, leads: [...commitment.leads] })) },
      organiser,
    );
    await this.outcomes.transition(document, 'submit', organiser);
    await this.outcomes.transition(document, 'publish', organiser);
    this.logger.log(`Demo event ${data.slug} seeded`);
  }

  /**
   * Issue 18: every delegation's members are submitted and accredited, each with a generated portrait and
   * (when DATA_ENCRYPTION_KEY is set) sample passport data; the event gets a visa letter template, and the
   * List of Participants is published as provisional with the seeded people listed. Runs with the event's
   * creation, so once (the seed's idempotence is by slug).
   */
  private async accredited(eventId: string, progress: (step: string) => void): Promise<void> {
    const members = await this.dataSource.getRepository(Registration).find({ where: { eventId }, order: { createdAt: 'ASC' } });
    const delegationIds = [...new Set(members.map((member) => member.delegationId).filter((id): id is string => id !== null))];
    const names: string[] = [];
    for (const id of delegationIds) {
      await this.accreditation.submit({ id });
      await this.accreditation.accreditDelegation({ id, eventId });
      names.push((await this.accreditation.delegation(id)).name);
    }
    let letters = 0;
    for (const member of members) {
      if (member.delegationId) {
        const photo = await demoPortrait(member.givenName, member.familyName);
        await this.photos.attach(
          { registrationId: member.id },
          { photo: { kind: 'upload', filename: 'portrait.jpg', mimetype: 'image/jpeg', data: photo, tooLarge: false } },
        );
        const passport = demoPassports[member.email];
        if (passport && this.identity.keyConfigured) {
          await this.identity.put(member.id, passport);
          if (passport.needsVisaLetter) letters += 1;
        }
      }
      await this.participants.setListing({ id: member.id, eventId }, { listed: true });
    }
    await this.letterTemplates.put(eventId, visaLetter);
    await this.participants.publish(eventId, 'provisional');
    const withPhotos = members.filter((member) => member.delegationId).length;
    progress(
      `  accredited delegations: ${names.join(', ')}; ${withPhotos} members with photos` +
        (this.identity.keyConfigured ? `, ${letters} with visa letters` : ' (no DATA_ENCRYPTION_KEY: no passport data, no visa letters)'),
    );
    progress('  the provisional List of Participants');
  }
}
