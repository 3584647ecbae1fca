import type { OutcomeStatus } from './outcome-document.entity';

export type OutcomeAction = 'submit' | 'publish' | 'withdraw' | 'return';

/**
 * The review workflow: a rapporteur submits a draft for review; an organiser publishes it, returns it to
 * draft with a comment, or withdraws a published one. Publishing a published document again pins its
 * latest version (after edits made since), which is how a revision reaches the public.
 */
export const OUTCOME_TRANSITIONS: Record<OutcomeAction, { from: OutcomeStatus[]; to: OutcomeStatus }> = {
  submit: { from: ['draft'], to: 'in_review' },
  publish: { from: ['in_review', 'published', 'withdrawn'], to: 'published' },
  withdraw: { from: ['published'], to: 'withdrawn' },
  return: { from: ['in_review'], to: 'draft' },
};

/** The status after the action, or null when the action is not allowed from this status. */
export function nextStatus(current: OutcomeStatus, action: OutcomeAction): OutcomeStatus | null {
  const transition = OUTCOME_TRANSITIONS[action];
  return transition.from.includes(current) ? transition.to : null;
}

/**
 * Text and commitments can change while a document is a draft or published (a new version the public sees
 * once republished), not under review or once withdrawn.
 */
export const isEditable = (status: OutcomeStatus): boolean => status === 'draft' || status === 'published';
