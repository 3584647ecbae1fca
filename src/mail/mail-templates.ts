/**
 * The typed list of Plenary's mails: each template's name, what it is for, the data a caller must
 * give it, and sample data (used by previews, by the check of an organiser's override when it is
 * saved, and by the test that renders every template). Pure: no Nest, no I/O.
 *
 * Every template also receives `event` (see MailEventContext) and `publicUrl`, built at send time
 * from the mail's event, so callers pass only what is specific to the mail.
 */

/** Who a mail greets. Names may be missing (an invitation to an address only). */
export interface MailRecipient {
  honorific: string | null;
  givenName: string | null;
  familyName: string | null;
}

export interface SpeakerSessionData {
  title: string;
  /** ISO 8601 instants; templates show them in the event's time zone. */
  startsAt: string;
  endsAt: string;
  room: string | null;
  role: string;
}

/** The delegation as the accreditation mails name it, with the focal point's portal (not secret: it asks for a sign-in link). */
export interface AccreditationDelegation {
  name: string;
  quota: number;
  portalUrl: string;
}

/** A member as the accreditation mails list them. */
export interface AccreditationMember {
  name: string;
  email: string;
}

export interface MailTemplateData {
  invitation: { recipient: MailRecipient; invitationUrl: string };
  delegation_invitation: {
    recipient: MailRecipient;
    delegation: { name: string; code: string; quota: number };
    registrationUrl: string;
    /** The focal point's portal (src/accreditation); missing in mails queued before issue 18. */
    portalUrl?: string;
  };
  registration_received: { recipient: MailRecipient; manageUrl: string };
  registration_confirmed: { recipient: MailRecipient; manageUrl: string; badgeCode: string | null };
  waitlisted: { recipient: MailRecipient; waitlistPosition: number; manageUrl: string };
  promoted_from_waitlist: { recipient: MailRecipient; manageUrl: string };
  registration_rejected: { recipient: MailRecipient; reason: string | null };
  manage_link: { recipient: MailRecipient; manageUrl: string };
  /** `setPasswordUrl` is derived when the mail is rendered (MailRequest.accountLinkFor), never stored. */
  password_reset: { recipient: MailRecipient; setPasswordUrl: string; validMinutes: number };
  /** `setPasswordUrl` is derived when the mail is rendered (MailRequest.accountLinkFor), never stored. */
  team_invitation: { recipient: MailRecipient; roles: string[]; setPasswordUrl: string; validDays: number };
  speaker_invitation: { recipient: MailRecipient; sessions: SpeakerSessionData[]; agendaUrl: string };
  // Issue 18, the focal points' portal (src/accreditation).
  /** `signInUrl` is derived when the mail is rendered (MailRequest.accountLinkFor, a portal_link id), never stored. */
  portal_sign_in: { recipient: MailRecipient; delegation: AccreditationDelegation; signInUrl: string; validMinutes: number };
  /** To a nominee, with their manage link to complete their own details. */
  nomination: { recipient: MailRecipient; delegation: AccreditationDelegation; manageUrl: string };
  /** To the focal point: a member was nominated. */
  accreditation_nominated: { recipient: MailRecipient; delegation: AccreditationDelegation; members: AccreditationMember[] };
  /** To the focal point: the delegation was submitted for accreditation. */
  accreditation_submitted: { recipient: MailRecipient; delegation: AccreditationDelegation; members: AccreditationMember[] };
  /** To the focal point: the secretariat returned members, with the reason. */
  accreditation_returned: { recipient: MailRecipient; delegation: AccreditationDelegation; members: AccreditationMember[]; reason: string };
  /** To the focal point: the secretariat accredited members. */
  accreditation_accredited: { recipient: MailRecipient; delegation: AccreditationDelegation; members: AccreditationMember[] };
  /** To an accredited person who asked for a visa letter: the letter is attached (src/documents, MailRequest.attachments). */
  visa_letter: { recipient: MailRecipient; delegation: string | null; filename: string; verifyUrl: string; manageUrl: string };
  outcome_summary: {
    recipient: MailRecipient;
    outcome: {
      title: string;
      kind: string;
      /** The opening of the published text as plain text (whole blocks). */
      summary: string;
      /** The same opening as HTML, already sanitised (outcomes/markdown.ts): the html part inserts it as is. Missing in mails queued before 2026-12-01. */
      html?: string;
      url: string;
      /** The published commitments, in their order; `status` as words ("in progress"), missing in mails queued before 2026-12-01. */
      commitments: { theme: string; text: string; status?: string }[];
    };
  };
}

export type MailTemplateName = keyof MailTemplateData;

/**
 * Mail about an account rather than an event: stored without an event (`mail_message.event_id` NULL),
 * rendered without `event` (their own layout, `layouts/account`), and not overridable by an event's organisers.
 */
export const ACCOUNT_MAIL_TEMPLATES = ['password_reset'] as const satisfies readonly MailTemplateName[];
export type AccountMailTemplateName = (typeof ACCOUNT_MAIL_TEMPLATES)[number];
export const isAccountMailTemplate = (name: string): name is AccountMailTemplateName =>
  (ACCOUNT_MAIL_TEMPLATES as readonly string[]).includes(name);

/** The event as every template sees it: dates already written out in the event's own time zone. */
export interface MailEventContext {
  id: string;
  slug: string;
  title: string;
  description: string | null;
  /** "26–27 November 2025" */
  dates: string;
  timezone: string;
  venue: string | null;
  city: string | null;
  country: string | null;
  /** "Serena Hotel, Islamabad, Pakistan", or null when nothing is known yet. */
  location: string | null;
  /** Invitation links of an invite-only event can be used once. */
  inviteOnly: boolean;
  url: string;
  registerUrl: string;
  agendaUrl: string;
}

/** `event` is missing at send time for ACCOUNT_MAIL_TEMPLATES (their templates do not use it). */
export type MailContext<N extends MailTemplateName = MailTemplateName> = MailTemplateData[N] & {
  event: MailEventContext;
  publicUrl: string;
};

interface MailTemplateDefinition<N extends MailTemplateName> {
  description: string;
  sample: MailTemplateData[N];
}

const sampleRecipient: MailRecipient = { honorific: 'Dr', givenName: 'Amina', familyName: 'Rahman' };
const samplePublicUrl = 'https://plenary.example.org';
const sampleLink = (path: string) => `${samplePublicUrl}${path}`;

/** The focal point, their delegation and a member, as the accreditation mails' samples name them. */
const sampleFocalPoint: MailRecipient = { honorific: 'H.E.', givenName: 'Nabeel', familyName: 'Munir' };
const sampleDelegation: AccreditationDelegation = {
  name: 'Pakistan',
  quota: 3,
  portalUrl: sampleLink('/portal/delegations/00000000-0000-4000-8000-000000000001'),
};
const sampleMembers: AccreditationMember[] = [{ name: 'Dr Amina Rahman', email: 'amina.rahman@example.org' }];

export const MAIL_TEMPLATES: { [N in MailTemplateName]: MailTemplateDefinition<N> } = {
  invitation: {
    description: 'Invitation to an event, with a personal registration link (one-time for invite-only events)',
    sample: { recipient: sampleRecipient, invitationUrl: sampleLink('/events/cosom-islamabad-2025/register?invitation=sample-token') },
  },
  delegation_invitation: {
    description: "Invitation to a head of delegation, with the delegation's registration code and quota",
    sample: {
      recipient: sampleFocalPoint,
      delegation: { name: 'Pakistan', code: 'PK-7Q4M', quota: 5 },
      registrationUrl: sampleLink('/events/cosom-islamabad-2025/register?delegation=PK-7Q4M'),
      portalUrl: sampleLink('/portal/delegations/00000000-0000-4000-8000-000000000001'),
    },
  },
  registration_received: {
    description: 'Registration received and awaiting approval by the organisers',
    sample: { recipient: sampleRecipient, manageUrl: sampleLink('/registrations/manage/sample-token') },
  },
  registration_confirmed: {
    description: 'Registration confirmed: a seat is held',
    sample: { recipient: sampleRecipient, manageUrl: sampleLink('/registrations/manage/sample-token'), badgeCode: 'B-4F7K2Q' },
  },
  waitlisted: {
    description: 'The event is full: the registration is on the waiting list',
    sample: { recipient: sampleRecipient, waitlistPosition: 3, manageUrl: sampleLink('/registrations/manage/sample-token') },
  },
  promoted_from_waitlist: {
    description: 'A seat became free: the registration moved from the waiting list to confirmed',
    sample: { recipient: sampleRecipient, manageUrl: sampleLink('/registrations/manage/sample-token') },
  },
  registration_rejected: {
    description: 'The organisers could not accept the registration',
    sample: { recipient: sampleRecipient, reason: 'Participation is limited to nominated members of national delegations.' },
  },
  manage_link: {
    description: 'The link to manage a registration, sent again to a registrant who asked for it',
    sample: { recipient: sampleRecipient, manageUrl: sampleLink('/registrations/manage/sample-token') },
  },
  password_reset: {
    description: 'A link to choose a new password for a Plenary account (sent on request; not about an event)',
    sample: { recipient: sampleRecipient, setPasswordUrl: sampleLink('/console/password/reset/sample-token'), validMinutes: 60 },
  },
  team_invitation: {
    description: "Invitation to join the event's team (organisers, rapporteurs, check-in staff), with a link to set a password",
    sample: {
      recipient: sampleRecipient,
      roles: ['rapporteur'],
      setPasswordUrl: sampleLink('/console/invitations/sample-token'),
      validDays: 7,
    },
  },
  speaker_invitation: {
    description: 'Invitation to speak, listing the sessions and roles',
    sample: {
      recipient: { honorific: 'Ms', givenName: 'Mio', familyName: 'Sato' },
      sessions: [
        {
          title: 'Opening session',
          startsAt: '2025-11-26T04:30:00.000Z',
          endsAt: '2025-11-26T05:30:00.000Z',
          room: 'Plenary hall',
          role: 'speaker',
        },
        {
          title: 'Emerging trends in migrant smuggling',
          startsAt: '2025-11-26T06:00:00.000Z',
          endsAt: '2025-11-26T07:30:00.000Z',
          room: null,
          role: 'panellist',
        },
      ],
      agendaUrl: sampleLink('/events/cosom-islamabad-2025/agenda'),
    },
  },
  outcome_summary: {
    description: 'The published outcome document, with its commitments',
    sample: {
      recipient: sampleRecipient,
      outcome: {
        title: 'Islamabad Outcome Statement',
        kind: 'outcome statement',
        summary:
          'Islamabad Outcome Statement\n===========================\n\nParticipants agreed to establish an informal peer-to-peer network of practitioners and adopted four thematic commitments.',
        html: '<h1>Islamabad Outcome Statement</h1>\n<p>Participants agreed to establish an informal <strong>peer-to-peer network</strong> of practitioners and adopted four thematic commitments.</p>',
        url: sampleLink('/events/cosom-islamabad-2025/outcomes/sample'),
        commitments: [
          {
            theme: 'cooperation',
            text: 'Establish an informal Peer-to-Peer Network to facilitate real-time cooperation among practitioners.',
            status: 'endorsed',
          },
          { theme: 'fraudulent documentation', text: 'Thematic commitment on fraudulent documentation.', status: 'in progress' },
        ],
      },
    },
  },
  portal_sign_in: {
    description: "A focal point's one-time link to sign in to their delegation's portal",
    sample: {
      recipient: sampleFocalPoint,
      delegation: sampleDelegation,
      signInUrl: sampleLink('/portal/sign-in/sample-token'),
      validMinutes: 30,
    },
  },
  nomination: {
    description: 'A nominee of a delegation, with their link to complete their own details',
    sample: {
      recipient: sampleRecipient,
      delegation: sampleDelegation,
      manageUrl: sampleLink('/registrations/manage/sample-token'),
    },
  },
  accreditation_nominated: {
    description: 'To the focal point: a member of the delegation was nominated',
    sample: {
      recipient: sampleFocalPoint,
      delegation: sampleDelegation,
      members: sampleMembers,
    },
  },
  accreditation_submitted: {
    description: 'To the focal point: the delegation was submitted for accreditation',
    sample: {
      recipient: sampleFocalPoint,
      delegation: sampleDelegation,
      members: sampleMembers,
    },
  },
  accreditation_returned: {
    description: 'To the focal point: the secretariat returned members of the delegation, with the reason',
    sample: {
      recipient: sampleFocalPoint,
      delegation: sampleDelegation,
      members: sampleMembers,
      reason: 'The function given does not match the credentials letter.',
    },
  },
  accreditation_accredited: {
    description: 'To the focal point: the secretariat accredited members of the delegation',
    sample: {
      recipient: sampleFocalPoint,
      delegation: sampleDelegation,
      members: sampleMembers,
    },
  },
  visa_letter: {
    description: 'To an accredited person who asked for a visa letter, with the letter attached',
    sample: {
      recipient: sampleRecipient,
      delegation: 'Pakistan',
      filename: 'visa-letter-ISL25-PA6D-HVW6-6GQE.pdf',
      verifyUrl: sampleLink('/verify/ISL25-PA6D-HVW6-6GQE'),
      manageUrl: sampleLink('/registrations/manage/sample-token'),
    },
  },
};

export const MAIL_TEMPLATE_NAMES = Object.keys(MAIL_TEMPLATES) as MailTemplateName[];
/** The templates of an event's mail, which its organisers may override. */
export const EVENT_MAIL_TEMPLATE_NAMES = MAIL_TEMPLATE_NAMES.filter((name) => !isAccountMailTemplate(name));

export const isMailTemplateName = (name: unknown): name is MailTemplateName =>
  typeof name === 'string' && Object.hasOwn(MAIL_TEMPLATES, name);

/** The sample event used when rendering without a real one (the unit test). */
export const SAMPLE_EVENT_CONTEXT: MailEventContext = {
  id: '00000000-0000-4000-8000-000000000000',
  slug: 'cosom-islamabad-2025',
  title: 'International Conference on Countering the Smuggling of Migrants',
  description: null,
  dates: '26–27 November 2025',
  timezone: 'Asia/Karachi',
  venue: null,
  city: 'Islamabad',
  country: 'Pakistan',
  location: 'Islamabad, Pakistan',
  inviteOnly: true,
  url: sampleLink('/events/cosom-islamabad-2025'),
  registerUrl: sampleLink('/events/cosom-islamabad-2025/register'),
  agendaUrl: sampleLink('/events/cosom-islamabad-2025/agenda'),
};

/** A template's sample data in the given event (the real event when previewing an override). */
export function sampleContext<N extends MailTemplateName>(
  name: N,
  event: MailEventContext = SAMPLE_EVENT_CONTEXT,
  publicUrl = samplePublicUrl,
): MailContext<N> {
  return { ...structuredClone(MAIL_TEMPLATES[name].sample), event, publicUrl };
}
