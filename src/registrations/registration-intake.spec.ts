import { statusOf } from '../common/errors/error-codes';
import { mailOf, planRegistration, type Submission } from './registration-intake';
import type { RegistrationTarget } from './registration.sql';

const NOW = new Date('2026-05-01T10:00:00Z');
const event = (overrides: Partial<RegistrationTarget> = {}): RegistrationTarget => ({
  id: '7b0e7d1e-2f5c-4a57-9a38-0a4a8f0e6b11',
  status: 'published',
  capacity: null,
  approvalRequired: false,
  inviteOnly: false,
  registrationOpensAt: null,
  registrationClosesAt: null,
  endDate: '2026-05-03',
  timezone: 'Asia/Karachi',
  formFields: [{ key: 'diet', label: 'Diet', type: 'select', required: true, options: ['none', 'vegetarian'] }],
  ...overrides,
});
const submission = (dto: Partial<Submission['dto']> = {}, errors: Submission['errors'] = []): Submission => ({
  dto: { email: 'amina@example.org', givenName: 'Amina', familyName: 'Rahman', answers: { diet: 'none' }, ...dto },
  errors,
});

describe('planRegistration', () => {
  it('admits with the clean answers, the admission and the path', () => {
    const plan = planRegistration(event(), submission({ answers: { diet: ' none ' } }), NOW);
    expect(plan).toMatchObject({
      kind: 'admitted',
      admission: 'confirmed',
      path: 'batched',
      person: { email: 'amina@example.org', answers: { diet: 'none' }, category: 'delegate', honorific: null },
    });
    expect(planRegistration(event({ capacity: 10 }), submission({ delegationCode: 'ABC' }), NOW)).toMatchObject({
      admission: 'seat-or-waitlist',
      path: 'transaction',
    });
    expect(planRegistration(event({ approvalRequired: true, capacity: 10 }), submission(), NOW)).toMatchObject({ admission: 'pending' });
  });

  it('names every wrong field at once: the details and the answers together', () => {
    const plan = planRegistration(event(), submission({ answers: {} }, [{ field: 'email', message: 'must be an email address' }]), NOW);
    expect(plan).toEqual({
      kind: 'invalid',
      errors: [
        { field: 'email', message: 'must be an email address' },
        { field: 'answers.diet', message: 'is required' },
      ],
    });
  });

  it('refuses a closed window before judging the answers, and an uninvited person after', () => {
    const closed = event({ registrationClosesAt: new Date('2026-05-01T09:00:00Z') });
    const closedPlan = planRegistration(closed, submission({ answers: {} }), NOW);
    expect(closedPlan).toMatchObject({ kind: 'refused', refusal: { code: 'REGISTRATION_CLOSED' } });
    expect(closedPlan.kind === 'refused' && statusOf(closedPlan.refusal.code)).toBe(409);
    expect(planRegistration(event({ inviteOnly: true }), submission({ answers: {} }), NOW)).toMatchObject({ kind: 'invalid' });
    const uninvited = planRegistration(event({ inviteOnly: true }), submission(), NOW);
    expect(uninvited).toMatchObject({ kind: 'refused', refusal: { code: 'FORBIDDEN' } });
    expect(uninvited.kind === 'refused' && statusOf(uninvited.refusal.code)).toBe(403);
    expect(planRegistration(event({ inviteOnly: true }), submission({ invitationToken: 'x' }), NOW)).toMatchObject({
      kind: 'admitted',
      path: 'transaction',
    });
  });

  it('causes one mail per outcome', () => {
    expect([mailOf('pending'), mailOf('confirmed'), mailOf('waitlisted')]).toEqual([
      'registration_received',
      'registration_confirmed',
      'waitlisted',
    ]);
  });
});
