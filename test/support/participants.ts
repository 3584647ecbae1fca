import { createPublishedEvent, expectStatus } from './factories';
import type { ApiClient } from './http';

/** A person of the List of Participants as the test seeds and expects them. */
export interface SeedPerson {
  honorific: string;
  givenName: string;
  familyName: string;
  jobTitle?: string;
  organisation?: string;
  /** Registers with the head's email the organiser gave the delegation. */
  head?: boolean;
  precedence?: number;
  /** Agrees to be listed only later, through the organisers' PATCH /registrations/:id/listing. */
  consentsLater?: boolean;
}

export interface SeedGroup {
  /** The heading the list must show. */
  heading: string;
  /** The delegation to create (none: people registered without one, grouped by organisation). */
  delegation?: { name: string; kind: 'country' | 'organisation'; countryCode?: string; organisationName?: string; section: string };
  /** In the order the list must give them. */
  people: SeedPerson[];
}

export interface SeedSection {
  heading: string;
  groups: SeedGroup[];
}

const p = (honorific: string, givenName: string, familyName: string, jobTitle?: string, extra: Partial<SeedPerson> = {}): SeedPerson => ({
  honorific,
  givenName,
  familyName,
  jobTitle,
  ...extra,
});
const state = (code: string, typed: string, heading: string, people: SeedPerson[], section = 'member_state'): SeedGroup => ({
  heading,
  delegation: { name: typed, kind: 'country', countryCode: code, section },
  people,
});
const org = (name: string, section: string, people: SeedPerson[]): SeedGroup => ({
  heading: name,
  delegation: { name, kind: 'organisation', organisationName: name, section },
  people,
});
const one = (family: string, jobTitle = 'Delegate') => [p('Mr', 'Delegate', family, jobTitle)];

/**
 * The List of Participants the test expects, written out by hand in its order: 40 delegations in the five
 * sections (20 Member States, typed by their formal names but listed by the English country name; 2 observer
 * States; 7 UN entities; 6 other intergovernmental organisations; 5 NGOs), then the people without a delegation
 * by organisation. Within a delegation: the head, then precedence, then family and given name.
 */
export const EXPECTED_LIST: SeedSection[] = [
  {
    heading: 'Member States',
    groups: [
      state('AF', 'Islamic Republic of Afghanistan', 'Afghanistan', one('Karimi')),
      state('AT', 'Republic of Austria', 'Austria', [
        p('H.E. Ms', 'Maria', 'Huber', 'Ambassador', { head: true }),
        p('Mr', 'Lukas', 'Gruber', 'Counsellor', { precedence: 5 }),
      ]),
      state('BD', "People's Republic of Bangladesh", 'Bangladesh', one('Rahman')),
      state('CI', "Republic of Côte d'Ivoire", "Cote d'Ivoire", one('Kouassi')),
      state('EG', 'Arab Republic of Egypt', 'Egypt', one('Hassan')),
      state('FR', 'French Republic', 'France', [p('Ms', 'Claire', 'Martin', 'Deputy Director'), p('Mr', 'Jean', 'Martin', 'Adviser')]),
      state('DE', 'Federal Republic of Germany', 'Germany', one('Schmidt')),
      state('IN', 'Republic of India', 'India', one('Sharma')),
      state('IR', 'Islamic Republic of Iran', 'Islamic Republic of Iran', one('Ahmadi')),
      state('IT', 'Italian Republic', 'Italy', one('Rossi')),
      state('JO', 'Hashemite Kingdom of Jordan', 'Jordan', one('Haddad')),
      state('KE', 'Republic of Kenya', 'Kenya', [
        p('Ms', 'Wanjiru', 'Kamau', 'Director', { precedence: 1 }),
        p('Mr', 'Otieno', 'Odhiambo', 'Officer', { consentsLater: true }),
      ]),
      state('MA', 'Kingdom of Morocco', 'Morocco', one('Alaoui')),
      state('NP', 'Federal Democratic Republic of Nepal', 'Nepal', one('Shrestha')),
      state('PK', 'Islamic Republic of Pakistan', 'Pakistan', [
        p('H.E. Mr', 'Imran', 'Qureshi', 'Federal Secretary, Ministry of Interior', { head: true, precedence: 50 }),
        p('Ms', 'Ayesha', 'Khan', 'Director General, FIA', { precedence: 10 }),
        p('Mr', 'Bilal', 'Ahmed', 'Additional Secretary', { precedence: 20 }),
        p('Mr', 'Usman', 'Ali', 'Deputy Director'),
        p('Dr', 'Sana', 'Malik', 'Legal Adviser'),
      ]),
      state('CN', "People's Republic of China", "People's Republic of China", one('Wang')),
      state('LK', 'Democratic Socialist Republic of Sri Lanka', 'Sri Lanka', one('Perera')),
      state('TR', 'Republic of Türkiye', 'Türkiye', [
        p('Mr', 'Emre', 'Ozan', 'Expert'),
        p('Ms', 'Elif', 'Öztürk', 'Expert'),
        p('Mr', 'Mehmet', 'Yilmaz', 'Expert'),
      ]),
      state('GB', 'United Kingdom of Great Britain and Northern Ireland', 'United Kingdom', [
        p('Ms', 'Olivia', 'Brown', 'Head of Migration Policy', { precedence: 2 }),
        p('Mr', 'Oliver', 'Smith', 'Policy Officer', { precedence: 3 }),
      ]),
      state('US', 'United States of America', 'United States of America', one('Johnson')),
    ],
  },
  {
    heading: 'Observer States',
    groups: [
      state('VA', 'Holy See', 'Holy See (Vatican City State)', [p('Msgr', 'Paolo', 'Bianchi', 'Permanent Observer')], 'observer_state'),
      state('PS', 'State of Palestine', 'State of Palestine', one('Khalil'), 'observer_state'),
    ],
  },
  {
    heading: 'United Nations system entities',
    groups: [
      org('International Organization for Migration (IOM)', 'un_entity', [
        p('Ms', 'Amy', 'Pope', 'Director General', { head: true }),
        p('Mr', 'Ugochi', 'Daniels', 'Deputy Director General', { precedence: 1 }),
      ]),
      org('Office of the United Nations High Commissioner for Human Rights (OHCHR)', 'un_entity', one('Türk', 'High Commissioner')),
      org('Office of the United Nations High Commissioner for Refugees (UNHCR)', 'un_entity', one('Grandi', 'High Commissioner')),
      org('UN Women', 'un_entity', one('Bahous', 'Executive Director')),
      org("United Nations Children's Fund (UNICEF)", 'un_entity', one('Russell', 'Executive Director')),
      org('United Nations Development Programme (UNDP)', 'un_entity', one('Steiner', 'Administrator')),
      org('United Nations Office on Drugs and Crime (UNODC)', 'un_entity', [
        p('Ms', 'Ghada', 'Waly', 'Executive Director', { head: true }),
        p('Mr', 'Ilias', 'Chatzis', 'Chief, Human Trafficking Section', { precedence: 1 }),
      ]),
    ],
  },
  {
    heading: 'Other intergovernmental organisations',
    groups: [
      org('African Union', 'igo', one('Mahamat', 'Commissioner')),
      org('European Union', 'igo', one('Johansson', 'Commissioner')),
      org('International Centre for Migration Policy Development', 'igo', one('Spindelegger', 'Director General')),
      org('INTERPOL', 'igo', one('Urquiza', 'Secretary General')),
      org('Organization for Security and Co-operation in Europe', 'igo', one('Sinirlioğlu', 'Secretary General')),
      org('Regional Support Office of the Bali Process', 'igo', one('Siregar', 'Co-Manager')),
    ],
  },
  {
    heading: 'Civil society and others',
    groups: [
      org('Amnesty International', 'civil_society', one('Callamard', 'Secretary General')),
      org('Caritas Internationalis', 'civil_society', one('Pinto', 'Secretary General')),
      org('Human Rights Watch', 'civil_society', one('Hassan', 'Executive Director')),
      org('Médecins Sans Frontières', 'civil_society', one('Lockyear', 'Secretary General')),
      org('Mixed Migration Centre', 'civil_society', one('Horwood', 'Head')),
    ],
  },
  {
    heading: 'Other participants',
    groups: [
      {
        heading: 'Academic Council on the UN System',
        people: [
          p('Ms', 'Jane', 'Doe', 'Researcher', { organisation: 'Academic Council on the UN System' }),
          p('Dr', 'Lee', 'Kim', 'Professor', { organisation: 'Academic Council on the UN System' }),
        ],
      },
      { heading: 'Zurich University', people: [p('Mr', 'John', 'Roe', 'Lecturer', { organisation: 'Zurich University' })] },
      { heading: 'In a personal capacity', people: [p('Mr', 'Sam', 'Poe', 'Independent consultant')] },
    ],
  },
];

/** People who register but must not appear: they did not agree, or are not confirmed. */
export const ABSENT = {
  notConsenting: [
    { group: 'Pakistan', person: p('Mr', 'Nadeem', 'Nolist', 'Driver') },
    { group: 'Amnesty International', person: p('Ms', 'Quiet', 'Unlisted', 'Researcher') },
    { group: 'Other', person: p('Mr', 'Private', 'Person', 'Observer', { organisation: 'Zurich University' }) },
  ],
  /** Listed, but their registrations were rejected by the organisers. */
  notConfirmed: [
    { group: 'Pakistan', person: p('Mr', 'Rejected', 'Registrant', 'Officer') },
    { group: 'Austria', person: p('Ms', 'Refused', 'Applicant', 'Officer') },
  ],
};

/** The name line of a person: honorific and name, and "(Head of Delegation)" for a head. */
export const nameLine = (person: SeedPerson) =>
  `${person.honorific} ${person.givenName} ${person.familyName}${person.head ? ' (Head of Delegation)' : ''}`;

/** Every line the list must show, in order: section headings, group headings, each person's name, function and organisation. */
export function expectedLines(list: SeedSection[] = EXPECTED_LIST): string[] {
  return list.flatMap((section) => [
    section.heading,
    ...section.groups.flatMap((group) => [
      group.heading,
      ...group.people.flatMap((person) => [
        nameLine(person),
        ...(person.jobTitle ? [person.jobTitle] : []),
        ...(person.organisation && person.organisation !== group.heading ? [person.organisation] : []),
      ]),
    ]),
  ]);
}

const emailOf = (person: SeedPerson, index: number) =>
  `${person.givenName}.${person.familyName}.${index}`.toLowerCase().replace(/[^a-z0-9.]/g, '') + '@participants.example.org';

/** Deterministic shuffle (so that registration order is not the list's order). */
function shuffled<T>(items: T[]): T[] {
  const result = [...items];
  let seed = 18;
  for (let index = result.length - 1; index > 0; index--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const other = seed % (index + 1);
    [result[index], result[other]] = [result[other], result[index]];
  }
  return result;
}

export interface SeededList {
  event: { id: string; slug: string; title: string };
  /** Registration ids by family name (for the absent ones: rejected, cancelled). */
  ids: Map<string, string>;
}

/**
 * Seeds the event: creates the 40 delegations (heads where the table says) in a shuffled order, and registers
 * everyone of the table (shuffled), the heads with the head's email, plus the absent people; then rejects and
 * cancels the ones that must not be confirmed, sets precedences and the late consent through the API.
 */
export async function seedParticipants(organiser: ApiClient, anonymous: ApiClient, title: string): Promise<SeededList> {
  const event = await createPublishedEvent(organiser, { title, city: 'Islamabad' });
  const groups = EXPECTED_LIST.flatMap((section) => section.groups);
  const codes = new Map<string, string>();
  let index = 0;
  const headEmails = new Map<SeedPerson, string>();
  for (const group of shuffled(groups.filter((candidate) => candidate.delegation))) {
    const head = group.people.find((person) => person.head);
    const email = head ? emailOf(head, ++index) : undefined;
    if (head && email) headEmails.set(head, email);
    const created = expectStatus(
      await organiser.post(`/events/${event.id}/delegations`, {
        ...group.delegation,
        quota: 10,
        ...(head && email ? { head: { email, givenName: head.givenName, familyName: head.familyName } } : {}),
      }),
      201,
      `delegation ${group.heading}`,
    );
    codes.set(group.heading, created.code);
  }
  const ids = new Map<string, string>();
  const register = async (person: SeedPerson, group: string, listed: boolean) => {
    const code = codes.get(group);
    const body = {
      email: headEmails.get(person) ?? emailOf(person, ++index),
      honorific: person.honorific,
      givenName: person.givenName,
      familyName: person.familyName,
      ...(person.jobTitle ? { jobTitle: person.jobTitle } : {}),
      ...(person.organisation ? { organisation: person.organisation } : {}),
      ...(code ? { delegationCode: code } : {}),
      listed,
    };
    const registered = expectStatus(
      await anonymous.post(`/events/${event.id}/registrations`, body),
      201,
      `registering ${person.familyName}`,
    );
    ids.set(`${person.givenName} ${person.familyName}`, registered.id);
    if (person.precedence !== undefined)
      expectStatus(
        await organiser.patch(`/registrations/${registered.id}/listing`, { precedence: person.precedence }),
        200,
        `precedence of ${person.familyName}`,
      );
  };
  const everyone = [
    ...groups.flatMap((group) => group.people.map((person) => ({ group: group.heading, person, listed: !person.consentsLater }))),
    ...[...ABSENT.notConsenting].map(({ group, person }) => ({ group, person, listed: false })),
    ...ABSENT.notConfirmed.map(({ group, person }) => ({ group, person, listed: true })),
  ];
  for (const { group, person, listed } of shuffled(everyone)) await register(person, group, listed);
  for (const { person } of ABSENT.notConfirmed)
    expectStatus(await organiser.post(`/registrations/${ids.get(`${person.givenName} ${person.familyName}`)}/reject`, {}), 200, 'reject');
  for (const group of groups)
    for (const person of group.people.filter((candidate) => candidate.consentsLater))
      expectStatus(
        await organiser.patch(`/registrations/${ids.get(`${person.givenName} ${person.familyName}`)}/listing`, { listed: true }),
        200,
        `consent of ${person.familyName}`,
      );
  return { event, ids };
}

/** Everyone who must not be on the list. */
export const absentNames = () =>
  [...ABSENT.notConsenting, ...ABSENT.notConfirmed].map(({ person }) => `${person.givenName} ${person.familyName}`);
