import { nextStatus, statusRefusal } from './delegation-status';

describe('a delegation status', () => {
  it('moves one step forward at a time', () => {
    expect(nextStatus('invited')).toBe('nominated');
    expect(nextStatus('nominated')).toBe('accredited');
    expect(nextStatus('accredited')).toBeNull();
    expect(statusRefusal('invited', 'nominated')).toBeNull();
    expect(statusRefusal('nominated', 'accredited')).toBeNull();
  });

  it('stays where it is when asked for the status it has', () => {
    expect(statusRefusal('nominated', 'nominated')).toBeNull();
  });

  it('never skips a step nor goes back', () => {
    expect(statusRefusal('invited', 'accredited')).toBe('STATUS_SKIPPED');
    expect(statusRefusal('accredited', 'nominated')).toBe('STATUS_BACKWARDS');
    expect(statusRefusal('nominated', 'invited')).toBe('STATUS_BACKWARDS');
  });
});
