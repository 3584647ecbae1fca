import {
  compareGroups,
  compareParticipants,
  delegationGroup,
  inListOrder,
  ListedPerson,
  ListGroup,
  listedName,
} from './participants-order';

let counter = 0;
const person = (familyName: string, givenName = 'A', extra: Partial<ListedPerson> = {}): ListedPerson => ({
  id: `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
  honorific: null,
  givenName,
  familyName,
  jobTitle: null,
  organisation: null,
  isHead: false,
  precedence: null,
  ...extra,
});
const country = (code: string, name: string, section: 'member_state' | 'observer_state' = 'member_state'): ListGroup =>
  delegationGroup({ id: `id-${code}`, kind: 'country', countryCode: code, name, section });
const organisation = (name: string, section: 'un_entity' | 'igo' | 'civil_society'): ListGroup =>
  delegationGroup({ id: `id-${name}`, kind: 'organisation', countryCode: null, name, section });

describe('the order of the List of Participants', () => {
  it('puts the sections in order: Member States, observer States, UN entities, other IGOs, civil society, then people without a delegation', () => {
    const groups = [
      { key: 'o:acme', section: 'other' as const, name: 'Acme' },
      organisation('Amnesty International', 'civil_society'),
      organisation('African Union', 'igo'),
      organisation('UNODC', 'un_entity'),
      country('VA', 'Holy See', 'observer_state'),
      country('ZW', 'Zimbabwe'),
    ];
    expect([...groups].sort(compareGroups).map((group) => group.name)).toEqual([
      'Zimbabwe',
      'Holy See (Vatican City State)',
      'UNODC',
      'African Union',
      'Amnesty International',
      'Acme',
    ]);
  });

  it('lists country delegations by the English name of their country, not the name the organiser typed', () => {
    const groups = [
      country('PK', 'Islamic Republic of Pakistan'),
      country('AT', 'Republic of Austria'),
      country('DE', 'Federal Republic of Germany'),
    ];
    expect([...groups].sort(compareGroups).map((group) => group.name)).toEqual(['Austria', 'Germany', 'Pakistan']);
  });

  it('compares names as English does (accents and case do not come last as in code-point order)', () => {
    const groups = [
      organisation('Zeta Network', 'civil_society'),
      organisation('émigré aid', 'civil_society'),
      organisation('Delta', 'civil_society'),
    ];
    expect([...groups].sort(compareGroups).map((group) => group.name)).toEqual(['Delta', 'émigré aid', 'Zeta Network']);
  });

  it('puts the people in a personal capacity after every organisation of the last section', () => {
    const groups: ListGroup[] = [
      { key: 'o:', section: 'other', name: null },
      { key: 'o:zenith', section: 'other', name: 'Zenith' },
      { key: 'o:alpha', section: 'other', name: 'Alpha' },
    ];
    expect([...groups].sort(compareGroups).map((group) => group.name)).toEqual(['Alpha', 'Zenith', null]);
  });

  it('within a delegation: the head first, then precedence (lower first, none last), then family and given name', () => {
    const people = [
      person('Zafar', 'B'),
      person('Ahmed', 'Z', { precedence: 20 }),
      person('Malik', 'C', { precedence: 10 }),
      person('Qureshi', 'Imran', { isHead: true, precedence: 99 }),
      person('Ali', 'Sara'),
      person('Ali', 'Bilal'),
    ];
    expect([...people].sort(compareParticipants).map((p) => `${p.givenName} ${p.familyName}`)).toEqual([
      'Imran Qureshi',
      'C Malik',
      'Z Ahmed',
      'Bilal Ali',
      'Sara Ali',
      'B Zafar',
    ]);
  });

  it('orders a whole list into sections and groups, and does not reorder what it was given', () => {
    const pk = country('PK', 'Pakistan');
    const iom = organisation('IOM', 'un_entity');
    const entries = [
      { group: iom, person: person('Vitorino', 'Antonio') },
      { group: pk, person: person('Khan', 'Ayesha') },
      { group: pk, person: person('Qureshi', 'Imran', { isHead: true }) },
    ];
    const sections = inListOrder(entries);
    expect(
      sections.map((section) => [section.section, section.groups.map((g) => [g.group.name, g.people.map((p) => p.familyName)])]),
    ).toEqual([
      ['member_state', [['Pakistan', ['Qureshi', 'Khan']]]],
      ['un_entity', [['IOM', ['Vitorino']]]],
    ]);
    expect(entries.map((entry) => entry.person.familyName)).toEqual(['Vitorino', 'Khan', 'Qureshi']);
  });

  it('names a person with their honorific', () => {
    expect(listedName(person('Rahman', 'Amina', { honorific: 'H.E. Ms' }))).toBe('H.E. Ms Amina Rahman');
    expect(listedName(person('Rahman', 'Amina'))).toBe('Amina Rahman');
  });
});
