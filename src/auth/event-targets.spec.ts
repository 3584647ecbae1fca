import type { EventRole } from './event-role.entity';
import { EVENT_TARGETS, EventTargetKind, resolveTargetSql, verdict, Verdict } from './event-targets';

const member = { admin: false, anonymous: false };
const admin = { admin: true, anonymous: false };
const anonymous = { admin: false, anonymous: true };
const consoleMember = { admin: false, anonymous: false, teamOnly: true };

function at(eventStatus: string, roles: EventRole[], targetStatus: string | null = null) {
  return { eventId: 'e', eventStatus, targetStatus, roles };
}

describe('event targets: who gets which answer', () => {
  const cases: [
    string,
    EventTargetKind,
    ReturnType<typeof at>,
    { admin: boolean; anonymous: boolean; teamOnly?: boolean },
    EventRole[],
    Verdict,
  ][] = [
    ['the organiser of a draft', 'registration', at('draft', ['organiser']), member, ['organiser'], 'allowed'],
    ['an admin with no role', 'registration', at('draft', []), admin, ['organiser'], 'allowed'],
    ['a stranger, draft event', 'session', at('draft', []), member, ['organiser'], 'not-found'],
    ['a stranger, published event', 'session', at('published', []), member, ['organiser'], 'forbidden'],
    ['a stranger, closed event', 'delegation', at('closed', []), member, ['organiser'], 'forbidden'],
    ['a stranger, published event, on a console page', 'event', at('published', []), consoleMember, ['organiser'], 'not-found'],
    ['check-in staff on a console page for organisers', 'event', at('published', ['checkin']), consoleMember, ['organiser'], 'forbidden'],
    ['check-in staff of a draft (sees it, lacks the role)', 'speaker', at('draft', ['checkin']), member, ['organiser'], 'forbidden'],
    ['anonymous, published event', 'registration', at('published', []), anonymous, ['organiser'], 'unauthenticated'],
    ['anonymous, draft event', 'registration', at('draft', []), anonymous, ['organiser'], 'not-found'],
    [
      'any role when the route asks for any',
      'event',
      at('published', ['checkin']),
      member,
      ['organiser', 'rapporteur', 'checkin'],
      'allowed',
    ],
    ['a stranger, draft outcome of a published event', 'outcome', at('published', [], 'draft'), member, ['organiser'], 'not-found'],
    ['check-in staff, outcome in review', 'outcome', at('published', ['checkin'], 'in_review'), member, ['organiser'], 'not-found'],
    ['the rapporteur publishing', 'outcome', at('published', ['rapporteur'], 'in_review'), member, ['organiser'], 'forbidden'],
    ['a stranger, published outcome', 'outcome', at('published', [], 'published'), member, ['organiser'], 'forbidden'],
    ['a stranger, published outcome of a draft event', 'outcome', at('draft', [], 'published'), member, ['organiser'], 'not-found'],
    [
      'check-in staff, published outcome of a draft event',
      'outcome',
      at('draft', ['checkin'], 'published'),
      member,
      ['organiser'],
      'forbidden',
    ],
  ];

  it.each(cases)('%s (%s): %#', (_name, kind, target, caller, required, expected) => {
    expect(verdict(kind, target, caller, required)).toBe(expected);
  });

  it('reads every kind from its own table, with its event and the caller roles, by id only', () => {
    for (const kind of Object.keys(EVENT_TARGETS) as EventTargetKind[]) {
      const sql = resolveTargetSql(kind);
      expect(sql).toContain(`FROM "${EVENT_TARGETS[kind].table}" t JOIN event e`);
      expect(sql).toContain('WHERE t.id = $1::uuid');
      expect(sql).toContain('r.user_id = $2::uuid');
    }
  });
});
