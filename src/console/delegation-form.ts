import { COUNTRIES, countryNameOf } from '../common/countries';
import type { FieldError } from '../common/errors/api-error';
import { DELEGATION_KINDS, DELEGATION_SECTIONS, Delegation } from '../delegations/delegation.entity';
import { SECTION_LABELS } from '../delegations/delegation-sections';
import { integerOr, one, Posted } from './console-forms';

/** The fields of the delegation forms, as the page names them (the head's are flat: headEmail…). */
const CREATE_FIELDS = [
  'name',
  'kind',
  'countryCode',
  'organisationName',
  'quota',
  'headEmail',
  'headGivenName',
  'headFamilyName',
  'section',
] as const;
export type DelegationFormValues = Record<(typeof CREATE_FIELDS)[number], string>;

export const blankDelegationValues = (): DelegationFormValues =>
  ({ ...Object.fromEntries(CREATE_FIELDS.map((name) => [name, ''])), kind: 'country' }) as DelegationFormValues;

export const postedDelegationValues = (form: Posted): DelegationFormValues =>
  Object.fromEntries(CREATE_FIELDS.map((name) => [name, one(form, name) ?? ''])) as DelegationFormValues;

/**
 * The body CreateDelegationDto takes: the country for a country delegation, the organisation's name for
 * an organisation's (both when the kind is not one of them, so each is checked), and a head only when
 * one of the head's fields is filled in.
 */
export function createDelegationBody(values: DelegationFormValues): Record<string, unknown> {
  const known = (DELEGATION_KINDS as readonly string[]).includes(values.kind);
  const head = values.headEmail || values.headGivenName || values.headFamilyName;
  return {
    name: values.name,
    kind: values.kind,
    countryCode: !known || values.kind === 'country' ? values.countryCode : undefined,
    organisationName: !known || values.kind === 'organisation' ? values.organisationName : undefined,
    quota: integerOr(values.quota, undefined),
    head: head ? { email: values.headEmail, givenName: values.headGivenName, familyName: values.headFamilyName } : undefined,
    section: values.section || undefined,
  };
}

/** The body UpdateDelegationDto takes from the edit form (name and quota). */
export const updateDelegationBody = (form: Posted) => ({
  name: one(form, 'name') ?? '',
  quota: integerOr(one(form, 'quota'), undefined),
  section: one(form, 'section') || undefined,
});

/** The List of Participants' sections (issue 18) as select options, in the list's order, the chosen one marked. */
export const sectionOptions = (chosen: string) =>
  DELEGATION_SECTIONS.map((section) => ({ value: section, label: SECTION_LABELS[section].one, selected: section === chosen }));

/** The API's field names (`head.email`) as the form's (`headEmail`). */
export const formFieldOf = (error: FieldError): FieldError => ({
  ...error,
  field: error.field.replace(/^head\.(\w)/, (_match, first: string) => `head${first.toUpperCase()}`),
});

/** The country select's options, by English name, the chosen one marked. */
export const countryOptions = (chosen: string) =>
  COUNTRIES.map((country) => ({ value: country.code, label: country.name, selected: country.code === chosen.toUpperCase() }));

export const KIND_OPTIONS = [
  { value: 'country', label: 'Country' },
  { value: 'organisation', label: 'Organisation' },
];

/** What the list and page show of a delegation's kind: the country's name or the organisation's. */
export const kindText = (delegation: Pick<Delegation, 'kind' | 'countryCode' | 'organisationName'>): string =>
  delegation.kind === 'country'
    ? `Country: ${countryNameOf(delegation.countryCode) ?? delegation.countryCode ?? ''}`
    : `Organisation: ${delegation.organisationName ?? ''}`;
