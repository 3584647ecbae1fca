import { followStatus, statusCalledFor } from './accreditation-rules';

describe('a delegation status from its members accreditation', () => {
  it('is invited until a member is submitted, nominated then, accredited when all are decided and one accredited', () => {
    expect(statusCalledFor([])).toBe('invited');
    expect(statusCalledFor(['nominated', 'none'])).toBe('invited');
    expect(statusCalledFor(['submitted', 'nominated'])).toBe('nominated');
    expect(statusCalledFor(['accredited', 'submitted'])).toBe('nominated');
    expect(statusCalledFor(['returned', 'returned'])).toBe('nominated');
    expect(statusCalledFor(['accredited', 'returned'])).toBe('accredited');
    expect(statusCalledFor(['accredited'])).toBe('accredited');
  });

  it('moves forward step by step through the delegation rule, never back', () => {
    expect(followStatus('invited', 'nominated')).toBe('nominated');
    expect(followStatus('invited', 'accredited')).toBe('accredited');
    expect(followStatus('accredited', 'nominated')).toBe('accredited');
    expect(followStatus('nominated', 'invited')).toBe('nominated');
    expect(followStatus('nominated', 'nominated')).toBe('nominated');
  });
});
