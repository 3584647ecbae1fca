import { clashingPairs, roomKey } from './clashes';

const session = (title: string, room: string | null, from: string, to: string) => ({
  title,
  room,
  startsAt: new Date(`2025-11-26T${from}:00+05:00`),
  endsAt: new Date(`2025-11-26T${to}:00+05:00`),
});
const titles = (pairs: [{ title: string }, { title: string }][]) => pairs.map(([a, b]) => [a.title, b.title]);

describe('clashes', () => {
  it('finds every overlapping pair that shares a key, and nothing else', () => {
    const sessions = [
      session('Opening', 'Main hall', '09:30', '10:30'),
      session('Side event', 'main hall ', '10:00', '11:00'),
      session('Panel', 'MAIN  HALL', '10:30', '12:00'),
      session('Workshop', 'Room B', '10:00', '11:00'),
      session('Break', null, '10:00', '10:30'),
      session('Press', null, '10:00', '10:30'),
    ];
    expect(titles(clashingPairs(sessions, (item) => roomKey(item.room)))).toEqual([
      ['Opening', 'Side event'],
      ['Side event', 'Panel'],
    ]);
  });

  it('finds a session overlapping several others, not just its neighbour', () => {
    const sessions = [
      session('Long', 'Hall', '09:00', '13:00'),
      session('A', 'Hall', '09:30', '10:00'),
      session('B', 'Hall', '11:00', '12:00'),
    ];
    expect(titles(clashingPairs(sessions, (item) => item.room))).toEqual([
      ['Long', 'A'],
      ['Long', 'B'],
    ]);
  });

  it('normalises room names: case, surrounding and repeated spaces', () => {
    expect(roomKey('  Main   Hall ')).toBe('main hall');
    expect(roomKey('   ')).toBeNull();
    expect(roomKey(null)).toBeNull();
  });
});
