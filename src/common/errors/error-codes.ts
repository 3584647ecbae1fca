/**
 * The catalogue of the API's error codes: each code's HTTP status and what it means. Every error the API
 * answers carries one of these codes, and its status comes from here, never from the throw site.
 * src/common/errors/README.md lists the same table (error-codes.spec.ts keeps the two equal).
 */
export const ERROR_CODES = {
  // Requests the API cannot read.
  BAD_REQUEST: { status: 400, meaning: 'The request is malformed in a way no more specific code names' },
  VALIDATION_FAILED: { status: 400, meaning: 'One or more fields are wrong; `details` names each field and what is wrong with it' },
  INVALID_BODY: { status: 400, meaning: 'The request body is not a JSON object' },
  MALFORMED_JSON: { status: 400, meaning: 'The request body is not valid JSON, or is empty while declared as JSON' },
  BAD_CONTENT_LENGTH: { status: 400, meaning: 'The Content-Length header does not match the body' },
  TEMPLATE_INVALID: { status: 400, meaning: 'A mail template does not compile or render; `details` names the part and the line' },
  BODY_TOO_LARGE: { status: 413, meaning: 'The request body is larger than the route accepts' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, meaning: 'The request body has a content type the route does not accept' },
  METHOD_NOT_ALLOWED: { status: 405, meaning: 'The route exists but not with this method' },

  // Who is asking.
  UNAUTHENTICATED: { status: 401, meaning: 'No valid sign-in: the token is missing, expired or revoked, or the credentials are wrong' },
  FORBIDDEN: { status: 403, meaning: 'Signed in, but without the role this needs' },
  INVITATION_FOR_ANOTHER_EMAIL: { status: 403, meaning: 'The invitation was sent to another address than the one registering' },
  SERIES_NOT_JOINABLE: { status: 403, meaning: 'The event cannot join this series: the caller does not own it' },
  NOT_FOUND: { status: 404, meaning: 'No such resource, or not one the caller may see' },
  RATE_LIMITED: { status: 429, meaning: 'Too many requests; `Retry-After` says when to try again' },

  // The state of things.
  CONFLICT: { status: 409, meaning: 'The request conflicts with the current state in a way no more specific code names' },
  USER_EXISTS: { status: 409, meaning: 'An account with this email exists already' },
  SLUG_TAKEN: { status: 409, meaning: 'Another event uses this slug' },
  INVALID_STATUS_CHANGE: { status: 409, meaning: 'The event or document cannot move from its status to the one asked for' },
  PARTNER_EXISTS: { status: 409, meaning: 'The organisation is already a partner of the event in this role' },
  CAPACITY_BELOW_CONFIRMED: { status: 409, meaning: 'The new capacity is below the number of confirmed registrations' },
  CAPACITY_CHANGED_CONCURRENTLY: { status: 409, meaning: 'Seats were taken while the capacity changed; try again' },
  SESSIONS_OUTSIDE_DATES: { status: 409, meaning: "The new dates would leave sessions of the agenda outside the event's days" },
  SPEAKER_CONFLICT: { status: 409, meaning: 'The speaker is booked in an overlapping session; `allowConflicts` books anyway' },
  SPEAKER_WITHOUT_EMAIL: { status: 409, meaning: 'The speaker has no email address to invite' },
  SPEAKER_RECENTLY_INVITED: { status: 409, meaning: 'The speaker was mailed the invitation to this session moments ago' },
  DELEGATION_EXISTS: { status: 409, meaning: 'The event already has a delegation of this country or organisation' },
  DELEGATION_QUOTA_FULL: { status: 409, meaning: 'The delegation has filled its quota' },
  QUOTA_BELOW_REGISTERED: { status: 409, meaning: 'The new quota is below the number of members registered' },
  STATUS_BACKWARDS: { status: 409, meaning: 'A delegation moves invited → nominated → accredited, never back' },
  STATUS_SKIPPED: { status: 409, meaning: 'A delegation moves invited → nominated → accredited one step at a time' },
  DELEGATION_WITHOUT_HEAD: { status: 409, meaning: 'The delegation has no head to mail the invitation to' },
  INVITATION_RECENTLY_SENT: {
    status: 409,
    meaning: 'The head was mailed again moments ago; `retryAfterSeconds` says when it may be again',
  },
  REGISTRATION_NOT_OPEN: { status: 409, meaning: 'Registration for the event has not opened yet' },
  REGISTRATION_CLOSED: { status: 409, meaning: 'Registration for the event is closed: not published, over, or past its closing time' },
  REGISTRATION_EXISTS: { status: 409, meaning: 'This email has an active registration for the event already' },
  NOT_PENDING: { status: 409, meaning: 'Only a pending registration can be approved' },
  NOT_ACTIVE: { status: 409, meaning: 'The registration is cancelled or rejected, so it cannot change' },
  NOT_CONFIRMED: { status: 409, meaning: 'The registration is not confirmed, so it has no badge and cannot check in' },
  ALREADY_CHECKED_IN: { status: 409, meaning: 'The person has checked in already; `checkedInAt` says when' },
  MAIL_NOT_FAILED: { status: 409, meaning: 'Only a failed mail can be retried; this one is queued or sent (`status` says which)' },
  EVENT_NOT_PUBLISHED: { status: 409, meaning: 'Mailings are sent only for a published event' },
  EVENT_CLOSED: { status: 409, meaning: 'The event is closed' },
  DOCUMENT_NOT_EDITABLE: { status: 409, meaning: 'The outcome document is not a draft, so its text and commitments cannot change' },
  FIELD_HAS_ANSWERS: { status: 409, meaning: 'A form question that has answers cannot change type; `details` names `fields.N.type`' },
  VERSION_CONFLICT: { status: 409, meaning: 'Someone saved another version since the base version given' },
  NOT_PUBLISHED: { status: 409, meaning: 'Only a published outcome document can be summarised' },
  SUMMARY_ALREADY_SENT: { status: 409, meaning: "The document's summary was mailed to this audience already" },
  COMMITMENT_FOLLOWED_UP: { status: 409, meaning: 'A later commitment follows this one up, so it cannot be removed' },
  LAST_ORGANISER: { status: 409, meaning: 'The event would be left without an organiser' },
  OWN_ACCOUNT: { status: 409, meaning: 'An admin cannot disable or demote their own account' },
  ACCOUNT_LINK_INVALID: { status: 410, meaning: 'The password or invitation link is unknown, used already or expired; ask for a new one' },
  // Issue 18, passport / ID data kept safe (src/identity).
  ENCRYPTION_KEY_MISSING: { status: 409, meaning: 'DATA_ENCRYPTION_KEY is not set, so passport data can be neither stored nor asked for' },
  ENCRYPTION_KEY_UNKNOWN: {
    status: 409,
    meaning: 'The data is under a key this server lacks; `keyId` names it (DATA_ENCRYPTION_OLD_KEYS)',
  },
  ENCRYPTED_DATA_INVALID: { status: 409, meaning: 'The stored data does not decrypt under its key: it was altered; `keyId` names the key' },
  IDENTITY_NOT_ASKED: { status: 409, meaning: 'The event does not ask for passport data' },
  DIFF_TOO_LARGE: { status: 422, meaning: 'The two versions differ too much to diff' },

  // Files (issue 18, src/files): uploads checked by their content, and the limits on what is stored.
  FILE_TOO_LARGE: { status: 413, meaning: 'The file is over the limit for its kind; `details` names the field' },
  FILE_TYPE_NOT_ALLOWED: { status: 415, meaning: "The file's content is not of a type the field accepts; `details` names the field" },
  FILE_UNREADABLE: { status: 422, meaning: 'The file starts like an accepted type but cannot be read; `details` names the field' },
  PHOTO_TOO_SMALL: { status: 422, meaning: 'The photo is smaller than the minimum size; `details` names the field' },
  LETTERHEAD_DIMENSIONS_NOT_ALLOWED: {
    status: 422,
    meaning: 'The letterhead image is smaller or larger in pixels than a letter can print; `details` names the field',
  },
  EVENT_FILES_FULL: { status: 409, meaning: "The event's files would pass FILES_EVENT_LIMIT_BYTES; nothing was stored" },
  // Issue 18, the focal points' portal and the secretariat's accreditation review (src/accreditation).
  NOT_ACCREDITED: {
    status: 409,
    meaning: 'The member is under accreditation and not accredited (yet), so no badge or visa letter is issued',
  },
  PORTAL_LINK_INVALID: { status: 410, meaning: "The focal point's sign-in link is unknown, used already or expired; ask for a new one" },
  NOTHING_TO_SUBMIT: { status: 409, meaning: 'The delegation has no nominated or returned member to submit for accreditation' },
  NOTHING_WAITING: { status: 409, meaning: 'The delegation has no member waiting for the secretariat’s decision' },
  NOT_A_MEMBER: { status: 404, meaning: 'The registration is not an active member of this delegation' },
  // Badges (issue 18).
  NO_BADGES_TO_PRINT: { status: 409, meaning: 'No confirmed registration matches the filters, so there is no badge to print' },
  // Issue 18, visa letters, certificates and their verification (src/documents, letters-*, certificates-*).
  LETTER_TEMPLATE_INVALID: { status: 400, meaning: 'The letter template does not compile or render; `details` names `body` and the line' },
  LETTER_TEMPLATE_MISSING: {
    status: 409,
    meaning: 'The event has no letter template yet: save one before issuing letters or uploading its letterhead',
  },
  PASSPORT_DATA_MISSING: { status: 409, meaning: 'The person has given no passport data, which a visa letter needs' },
  NOT_CHECKED_IN: { status: 409, meaning: 'A certificate of attendance is issued only to people who were checked in' },
  DOCUMENT_ALREADY_REVOKED: { status: 409, meaning: 'The document was revoked already' },

  // Plenary's own fault.
  INTERNAL: { status: 500, meaning: 'An unexpected error; it is logged with the request id, and the answer has no details' },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export const statusOf = (code: ErrorCode): number => ERROR_CODES[code].status;

/** The code an error of this status carries when nothing more specific applies (such as Fastify's own 404s and 405s). */
export function defaultCodeFor(status: number): ErrorCode | undefined {
  const defaults: Record<number, ErrorCode> = {
    400: 'BAD_REQUEST',
    401: 'UNAUTHENTICATED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    405: 'METHOD_NOT_ALLOWED',
    409: 'CONFLICT',
    413: 'BODY_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE',
    429: 'RATE_LIMITED',
    500: 'INTERNAL',
  };
  return defaults[status];
}
