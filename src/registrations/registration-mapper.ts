import { RegistrationResponse } from './registration.dto';
import { Registration } from './registration.entity';

export function toRegistrationResponse(registration: Registration): RegistrationResponse {
  return {
    id: registration.id,
    eventId: registration.eventId,
    email: registration.email,
    honorific: registration.honorific,
    givenName: registration.givenName,
    familyName: registration.familyName,
    jobTitle: registration.jobTitle,
    organisation: registration.organisation,
    nationality: registration.nationality,
    category: registration.category,
    answers: registration.answers,
    delegationId: registration.delegationId,
    isHeadOfDelegation: registration.isHeadOfDelegation,
    listed: registration.listed,
    precedence: registration.precedence,
    status: registration.status,
    waitlistPosition: registration.waitlistPosition,
    checkedInAt: registration.checkedInAt,
    createdAt: registration.createdAt,
  };
}
