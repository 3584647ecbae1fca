import { isEditable, nextStatus, OutcomeAction } from './outcome-workflow';
import { OUTCOME_STATUSES, OutcomeStatus } from './outcome-document.entity';

describe('the outcome review workflow', () => {
  const table: Record<OutcomeStatus, Record<OutcomeAction, OutcomeStatus | null>> = {
    draft: { submit: 'in_review', publish: null, withdraw: null, return: null },
    in_review: { submit: null, publish: 'published', withdraw: null, return: 'draft' },
    published: { submit: null, publish: 'published', withdraw: 'withdrawn', return: null },
    withdrawn: { submit: null, publish: 'published', withdraw: null, return: null },
  };

  it.each(
    OUTCOME_STATUSES.flatMap((status) =>
      (Object.keys(table[status]) as OutcomeAction[]).map((action) => ({ status, action, expected: table[status][action] })),
    ),
  )('$action from $status → $expected', ({ status, action, expected }) => {
    expect(nextStatus(status, action)).toBe(expected);
  });

  it('allows edits to drafts and published documents only', () => {
    expect(OUTCOME_STATUSES.filter(isEditable)).toEqual(['draft', 'published']);
  });
});
