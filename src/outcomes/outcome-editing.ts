import { ApiError } from '../common/errors/api-error';
import type { OutcomeStatus } from './outcome-document.entity';
import { isEditable } from './outcome-workflow';

/** The refusal (409 DOCUMENT_NOT_EDITABLE) of a change to a document's text or commitments in this status, or null when it may change. */
export function notEditable(status: OutcomeStatus): ApiError | null {
  if (isEditable(status)) return null;
  return new ApiError(
    'DOCUMENT_NOT_EDITABLE',
    `A ${status} document cannot be edited${status === 'in_review' ? ' until it is returned to draft or published' : ''}`,
    { status },
  );
}
