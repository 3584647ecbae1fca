import type { FieldError } from '../common/errors/api-error';
import { validateAnswers } from './form-answers';
import type { CreateRegistrationDto } from './registration.dto';
import type { Registration } from './registration.entity';
import type { RegistrationMail } from './registration-mailer.service';
import { Admission, admissionOf, invitationRefusal, Refusal, windowRefusal } from './registration-rules';
import type { RegistrationTarget } from './registration.sql';

/**
 * The plan of one registration, from the event as read and the request, before anything is written:
 * a refusal, or how the person is admitted and which mail that causes. Pure (no framework, no database):
 * RegistrationWriter carries the plan out.
 */

/** A registration as submitted: the body as validated (`validateBody`), with the errors found. */
export interface Submission {
  dto: CreateRegistrationDto;
  errors: FieldError[];
}

/** The person's details and clean answers, as they will be stored. */
export type Person = Pick<
  Registration,
  'email' | 'honorific' | 'givenName' | 'familyName' | 'jobTitle' | 'organisation' | 'nationality' | 'category' | 'answers'
>;

export type IntakePlan =
  | { kind: 'invalid'; errors: FieldError[] }
  | { kind: 'refused'; refusal: Refusal }
  | {
      kind: 'admitted';
      person: Person;
      admission: Admission;
      /**
       * `batched`: no invitation, no delegation, so the registration may share a statement with others
       * (RegistrationWriter.tryBatched); `transaction`: an invitation to use or a delegation to join.
       */
      path: 'batched' | 'transaction';
    };

/**
 * Plans a registration: the details and the answers to the event's form are judged together (one 400
 * names every wrong field), then whether registration is open, then the answers alone, then whether the
 * event takes people without an invitation. A refusal is final only when `event` was read now.
 */
export function planRegistration(event: RegistrationTarget, { dto, errors }: Submission, now = new Date()): IntakePlan {
  if (errors.length > 0) {
    const answerErrors = errors.some((error) => error.field === 'answers') ? [] : validateAnswers(event.formFields, dto.answers).errors;
    return { kind: 'invalid', errors: [...errors, ...answerErrors] };
  }
  const closed = windowRefusal(event, now);
  if (closed) return { kind: 'refused', refusal: closed };
  const { answers, errors: answerErrors } = validateAnswers(event.formFields, dto.answers);
  if (answerErrors.length > 0) return { kind: 'invalid', errors: answerErrors };
  const uninvited = invitationRefusal(event, { invited: Boolean(dto.invitationToken) });
  if (uninvited) return { kind: 'refused', refusal: uninvited };
  return {
    kind: 'admitted',
    person: {
      email: dto.email,
      honorific: dto.honorific ?? null,
      givenName: dto.givenName,
      familyName: dto.familyName,
      jobTitle: dto.jobTitle ?? null,
      organisation: dto.organisation ?? null,
      nationality: dto.nationality ?? null,
      category: dto.category ?? 'delegate',
      answers,
    },
    admission: admissionOf(event),
    path: takesTransaction(dto) ? 'transaction' : 'batched',
  };
}

/** An invitation to use or a delegation to join: read and locked in a transaction, never batched. */
export const takesTransaction = (dto: Pick<CreateRegistrationDto, 'invitationToken' | 'delegationCode'>): boolean =>
  Boolean(dto.invitationToken || dto.delegationCode);

/** The status a registration is stored with before any seat is claimed. */
export const initialStatus = (admission: Admission): 'pending' | 'confirmed' => (admission === 'pending' ? 'pending' : 'confirmed');

/** The mail each outcome causes: one, telling the registrant their status. */
export function mailOf(status: 'pending' | 'confirmed' | 'waitlisted'): RegistrationMail {
  switch (status) {
    case 'pending':
      return 'registration_received';
    case 'confirmed':
      return 'registration_confirmed';
    case 'waitlisted':
      return 'waitlisted';
  }
}
