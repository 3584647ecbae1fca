import { comparePrecedence } from '../agenda/protocol-order';
import { countryNameOf } from '../common/countries';
import type { Delegation, DelegationSection } from '../delegations/delegation.entity';
import { DELEGATION_SECTIONS } from '../delegations/delegation.entity';
import { SECTION_LABELS } from '../delegations/delegation-sections';

/**
 * The order of the List of Participants (src/documents/README.md), as pure functions:
 * - sections: Member States, observer States, UN system entities, other intergovernmental organisations,
 *   civil society and others, then "Other participants" (people registered without a delegation);
 * - within a section, groups (delegations; in the last section, organisations as typed) by their English
 *   name (`Intl.Collator('en')`; a country delegation by the country's English name from src/common/countries.ts);
 *   in the last section, the people who gave no organisation come after every organisation;
 * - within a group, the head of delegation first, then precedence (lower first, none last: the speakers' rule,
 *   src/agenda/protocol-order.ts), then family name, given name (same collator), then id (so the order is total).
 */

/** The sections in their order: the delegations' five, then the people without a delegation. */
export const LIST_SECTIONS = [...DELEGATION_SECTIONS, 'other'] as const;
export type ListSection = (typeof LIST_SECTIONS)[number];

export const SECTION_HEADINGS: Record<ListSection, string> = {
  ...(Object.fromEntries(DELEGATION_SECTIONS.map((section) => [section, SECTION_LABELS[section].heading])) as Record<
    DelegationSection,
    string
  >),
  other: 'Other participants',
};

/** What the group of people without delegation or organisation is headed. */
export const PERSONAL_CAPACITY = 'In a personal capacity';

/** A heading of the list under its section: a delegation, or (in "Other participants") an organisation. */
export interface ListGroup {
  /** `d:<delegation id>`, or `o:<organisation, trimmed and lower-cased by PostgreSQL>` (`o:` for none). */
  key: string;
  section: ListSection;
  /** The English name it is listed by and headed with; null for the people in a personal capacity. */
  name: string | null;
}

/** A listed person, as the list shows and orders them. */
export interface ListedPerson {
  id: string;
  honorific: string | null;
  givenName: string;
  familyName: string;
  jobTitle: string | null;
  organisation: string | null;
  /** Registered with the email the organiser gave for the delegation's head (`registration.is_head_of_delegation`). */
  isHead: boolean;
  precedence: number | null;
}

const collator = new Intl.Collator('en');
const sectionRank = new Map<ListSection, number>(LIST_SECTIONS.map((section, index) => [section, index]));

/** The group of a delegation: its section, and its English name (the country's, for a country delegation). */
export function delegationGroup(delegation: Pick<Delegation, 'id' | 'kind' | 'countryCode' | 'name' | 'section'>): ListGroup {
  const name = delegation.kind === 'country' ? (countryNameOf(delegation.countryCode) ?? delegation.name) : delegation.name;
  return { key: `d:${delegation.id}`, section: delegation.section, name };
}

/** Sections in their order, then English names; the people in a personal capacity last in theirs. */
export function compareGroups(a: ListGroup, b: ListGroup): number {
  return (
    sectionRank.get(a.section)! - sectionRank.get(b.section)! ||
    Number(a.name === null) - Number(b.name === null) ||
    collator.compare(a.name ?? '', b.name ?? '') ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

/** Head first, then precedence (lower first, none last), then family name, given name, id. */
export function compareParticipants(a: ListedPerson, b: ListedPerson): number {
  return (
    Number(b.isHead) - Number(a.isHead) ||
    comparePrecedence(a.precedence, b.precedence) ||
    collator.compare(a.familyName, b.familyName) ||
    collator.compare(a.givenName, b.givenName) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** A whole list in order (small lists and tests; the outputs stream: participants-rows.ts applies the same comparators). */
export function inListOrder<P extends ListedPerson>(
  entries: readonly { group: ListGroup; person: P }[],
): { section: ListSection; groups: { group: ListGroup; people: P[] }[] }[] {
  const byKey = new Map<string, { group: ListGroup; people: P[] }>();
  for (const { group, person } of entries) {
    const found = byKey.get(group.key) ?? { group, people: [] };
    found.people.push(person);
    byKey.set(group.key, found);
  }
  const groups = [...byKey.values()].sort((a, b) => compareGroups(a.group, b.group));
  for (const group of groups) group.people.sort(compareParticipants);
  const sections: { section: ListSection; groups: { group: ListGroup; people: P[] }[] }[] = [];
  for (const group of groups) {
    const last = sections[sections.length - 1];
    if (last?.section === group.group.section) last.groups.push(group);
    else sections.push({ section: group.group.section, groups: [group] });
  }
  return sections;
}

/** "H.E. Ms Amina Rahman": the person's name as listed. */
export const listedName = (person: Pick<ListedPerson, 'honorific' | 'givenName' | 'familyName'>): string =>
  [person.honorific, person.givenName, person.familyName].filter(Boolean).join(' ');
