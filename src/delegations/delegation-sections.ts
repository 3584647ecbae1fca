import type { DelegationKind, DelegationSection } from './delegation.entity';

/**
 * The sections of the List of Participants a delegation can be listed in (issue 18), in the order the list
 * gives them, with what the console calls them. States' sections take country delegations; the others
 * take organisations' delegations. A check constraint (ck_delegation_section_kind) holds the same rule.
 */
export const SECTION_LABELS: Record<DelegationSection, { one: string; heading: string }> = {
  member_state: { one: 'Member State', heading: 'Member States' },
  observer_state: { one: 'Observer State', heading: 'Observer States' },
  un_entity: { one: 'United Nations system entity', heading: 'United Nations system entities' },
  igo: { one: 'Other intergovernmental organisation', heading: 'Other intergovernmental organisations' },
  civil_society: { one: 'Civil society and others', heading: 'Civil society and others' },
};

const STATES: readonly DelegationSection[] = ['member_state', 'observer_state'];

/** A delegation's section when none is chosen: Member State for a country, other intergovernmental organisation for an organisation. */
export const defaultSection = (kind: DelegationKind): DelegationSection => (kind === 'country' ? 'member_state' : 'igo');

/** Why a delegation of this kind cannot be listed in this section (a message for the `section` field), or null when it can. */
export function sectionRefusal(kind: DelegationKind, section: DelegationSection): string | null {
  if (kind === 'country' && !STATES.includes(section))
    return 'must be member_state or observer_state: a country delegation is listed among Member States or Observer States';
  if (kind !== 'country' && STATES.includes(section))
    return "must be un_entity, igo or civil_society: an organisation's delegation is listed among UN system entities, other intergovernmental organisations or civil society";
  return null;
}
