import { inProtocolOrder } from './protocol-order';
import type { SessionRole } from './session-speaker.entity';

const booked = (fullName: string, role: SessionRole, precedence: number | null, order = 0) => ({
  role,
  order,
  speaker: { fullName, precedence },
});
const names = (list: { speaker: { fullName: string } }[]) => list.map((entry) => entry.speaker.fullName);

describe('protocol order of a session’s speakers', () => {
  it('puts roles in protocol order: chair, moderator, keynote, speaker, panellist, discussant, rapporteur', () => {
    const shuffled = [
      booked('Rapporteur', 'rapporteur', 1),
      booked('Panellist', 'panellist', 1),
      booked('Keynote', 'keynote', 1),
      booked('Discussant', 'discussant', 1),
      booked('Chair', 'chair', 1),
      booked('Speaker', 'speaker', 1),
      booked('Moderator', 'moderator', 1),
    ];
    expect(names(inProtocolOrder(shuffled))).toEqual(['Chair', 'Moderator', 'Keynote', 'Speaker', 'Panellist', 'Discussant', 'Rapporteur']);
  });

  it('within a role, a lower precedence speaks first, and speakers without precedence come last', () => {
    const opening = [
      booked('IOM Chief of Mission', 'speaker', 40),
      booked('No rank given', 'speaker', null),
      booked('Acting Foreign Secretary', 'speaker', 10),
      booked('EU Deputy Head', 'speaker', 20),
    ];
    expect(names(inProtocolOrder(opening))).toEqual([
      'Acting Foreign Secretary',
      'EU Deputy Head',
      'IOM Chief of Mission',
      'No rank given',
    ]);
  });

  it('then the manual order, then the name', () => {
    const equals = [
      booked('Zainab', 'panellist', 5, 1),
      booked('Yusuf', 'panellist', 5, 0),
      booked('Bilal', 'panellist', 5, 1),
      booked('Amina', 'panellist', null),
    ];
    expect(names(inProtocolOrder(equals))).toEqual(['Yusuf', 'Bilal', 'Zainab', 'Amina']);
  });

  it('does not reorder the list it was given', () => {
    const list = [booked('B', 'speaker', 2), booked('A', 'chair', 1)];
    inProtocolOrder(list);
    expect(names(list)).toEqual(['B', 'A']);
  });
});
