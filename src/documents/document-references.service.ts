import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { EventAccessService } from '../auth/event-access.service';
import { ApiError } from '../common/errors/api-error';
import { isUniqueViolation } from '../common/postgres-errors';
import { Event } from '../events/event.entity';
import type { Registration } from '../registrations/registration.entity';
import { newReference, normaliseReference, referencePrefix } from './document-reference';
import { DocumentKind, DocumentReference } from './document-reference.entity';

/** A registration as issuing reads it, under its row lock. */
export type IssuingRegistration = Pick<Registration, 'id' | 'eventId' | 'status' | 'checkedInAt' | 'accreditationStatus'>;

/**
 * The references of issued documents: issuing (at most one valid document of a kind per registration, held
 * by a partial unique index, so parallel requests get the same reference), revoking, and finding one for
 * the verification page. Knows nothing of what the documents say.
 */
@Injectable()
export class DocumentReferencesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: EventAccessService,
  ) {}

  /**
   * The registration's valid document of this kind, issued now if it has none. `eligible` is judged under
   * the registration's row lock (FOR SHARE): a cancellation (which locks it FOR UPDATE and revokes its
   * letters in the same transaction) either commits first and is seen, or waits and then revokes what this
   * issued. Two issues at once both insert; the unique index makes the second wait for the first and
   * insert nothing, and it then reads the first one's row.
   */
  async issue(
    registrationId: string,
    kind: DocumentKind,
    eligible: (registration: IssuingRegistration) => void,
  ): Promise<DocumentReference> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((manager) => this.issueIn(manager, registrationId, kind, eligible));
      } catch (error) {
        // 60 random bits: a clash of references is not expected, but would only cost another draw.
        if (attempt < 3 && isUniqueViolation(error, 'uq_document_reference_reference')) continue;
        throw error;
      }
    }
  }

  /** `issue` inside the caller's transaction (an accreditation's, which mails the letter: VisaLetterMail). */
  async issueIn(
    manager: EntityManager,
    registrationId: string,
    kind: DocumentKind,
    eligible: (registration: IssuingRegistration) => void,
  ): Promise<DocumentReference> {
    const rows: {
      id: string;
      event_id: string;
      status: Registration['status'];
      checked_in_at: Date | null;
      accreditation_status: Registration['accreditationStatus'];
    }[] = await manager.query(
      `SELECT id, event_id, status, checked_in_at, accreditation_status FROM registration WHERE id = $1 FOR SHARE`,
      [registrationId],
    );
    if (rows.length === 0) throw ApiError.notFound('Registration');
    const [row] = rows;
    eligible({
      id: row.id,
      eventId: row.event_id,
      status: row.status,
      checkedInAt: row.checked_in_at,
      accreditationStatus: row.accreditation_status,
    });
    const event = await manager.findOneByOrFail(Event, { id: row.event_id });
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO document_reference (reference, kind, registration_id, event_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (registration_id, kind) WHERE status = 'valid' DO NOTHING RETURNING id`,
      [newReference(referencePrefix(event)), kind, registrationId, event.id],
    );
    if (inserted.length > 0) return manager.findOneByOrFail(DocumentReference, { id: inserted[0].id });
    return manager.findOneByOrFail(DocumentReference, { registrationId, kind, status: 'valid' });
  }

  /** The valid document of this kind, or null (no side effect). */
  valid(registrationId: string, kind: DocumentKind): Promise<DocumentReference | null> {
    return this.dataSource.getRepository(DocumentReference).findOneBy({ registrationId, kind, status: 'valid' });
  }

  /** A document by its reference as typed or scanned; null for an unknown or malformed one (malformed: no query). */
  async find(reference: string): Promise<DocumentReference | null> {
    const normalised = normaliseReference(reference);
    if (!normalised) return null;
    return this.dataSource.getRepository(DocumentReference).findOneBy({ reference: normalised });
  }

  /**
   * Revokes the registration's valid documents of this kind, in the caller's transaction (a cancellation's:
   * RegistrationsService.leave). Answers how many were revoked.
   */
  async revokeAllOf(manager: EntityManager, registrationId: string, kind: DocumentKind, reason: string): Promise<number> {
    const result = await manager
      .createQueryBuilder()
      .update(DocumentReference)
      .set({ status: 'revoked', revokedAt: () => 'now()', revokedReason: reason })
      .where(`registration_id = :registrationId AND kind = :kind AND status = 'valid'`, { registrationId, kind })
      .execute();
    return result.affected ?? 0;
  }

  /**
   * An organiser revokes one document of their event (`POST /document-references/:reference/revoke`). The
   * reference names the event, so the role is checked here, before anything is written (the same check as
   * the routes' guard: 404 for an unknown reference or one of a draft event the caller may not see, 403
   * without the role). The UPDATE is conditional: of two revocations at once, one revokes, the other is 409.
   */
  async revoke(reference: string, reason: string, user: AuthenticatedUser): Promise<DocumentReference> {
    const found = await this.find(reference);
    if (!found) throw ApiError.notFound('Document');
    await this.access.authorise('event', found.eventId, user, ['organiser']);
    const result = await this.dataSource
      .createQueryBuilder()
      .update(DocumentReference)
      .set({ status: 'revoked', revokedAt: () => 'now()', revokedReason: reason })
      .where(`id = :id AND status = 'valid'`, { id: found.id })
      .execute();
    if (!result.affected) throw new ApiError('DOCUMENT_ALREADY_REVOKED', `The document ${found.reference} was revoked already`);
    return this.dataSource.getRepository(DocumentReference).findOneByOrFail({ id: found.id });
  }
}
