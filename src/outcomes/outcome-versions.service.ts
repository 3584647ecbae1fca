import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { User } from '../auth/user.entity';
import { ApiError } from '../common/errors/api-error';
import { isUniqueViolation } from '../common/postgres-errors';
import { OutcomeAccessService } from './outcome-access.service';
import { OutcomeVersion } from './outcome-version.entity';
import { notEditable } from './outcome-editing';
import { CreateVersionDto, DiffResponse, toVersionResponse, VersionResponse } from './outcome.dto';
import { lineDiff } from './version-diff';

/** The immutable versions of outcome documents: editing (optimistic, checked in the database), history, diffs. Team only. */
@Injectable()
export class OutcomeVersionsService {
  private readonly logger = new Logger(OutcomeVersionsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: OutcomeAccessService,
  ) {}

  /**
   * A new version, based on `baseVersion`. The document row is locked while the number is checked and
   * the version written, so of two editors starting from the same version one gets 201 and the other
   * 409 VERSION_CONFLICT with the current number; uq_outcome_version_document_number backs this up.
   */
  async add({ id }: AuthorisedTarget, dto: CreateVersionDto, author: AuthenticatedUser): Promise<VersionResponse> {
    try {
      const version = await this.dataSource.transaction(async (manager) => {
        const document = await this.access.lock(manager, id);
        const refusal = notEditable(document.status);
        if (refusal) throw refusal;
        if (dto.baseVersion !== document.latestVersion) throw versionConflict(document.latestVersion, dto.baseVersion);
        const number = document.latestVersion + 1;
        const saved = await manager.save(
          manager.create(OutcomeVersion, {
            documentId: id,
            number,
            body: dto.body,
            changeNote: dto.changeNote ?? null,
            authorId: author.id,
          }),
        );
        document.latestVersion = number;
        await manager.save(document);
        return saved;
      });
      this.logger.log(`Outcome document ${id}: version ${version.number} by ${author.id}`);
      return this.one(id, version.number);
    } catch (error) {
      if (isUniqueViolation(error, 'uq_outcome_version_document_number'))
        throw versionConflict((await this.access.find(id)).latestVersion, dto.baseVersion);
      throw error;
    }
  }

  async list({ id }: AuthorisedTarget): Promise<VersionResponse[]> {
    const versions = await this.withAuthor().where('version.documentId = :id', { id }).orderBy('version.number', 'ASC').getMany();
    return versions.map((version) => toVersionResponse(version, false));
  }

  /** Version `number` (from the path: anything but a plain version number is 404). */
  async get({ id }: AuthorisedTarget, number: string): Promise<VersionResponse> {
    if (!/^[1-9]\d{0,8}$/.test(number)) throw ApiError.notFound(`Version ${number}`);
    return this.one(id, Number(number));
  }

  /** A line diff between two versions (see version-diff.ts for the shape); 422 DIFF_TOO_LARGE if it cannot be computed in time. */
  async diff({ id }: AuthorisedTarget, from: number, to: number): Promise<DiffResponse> {
    const [before, after] = await Promise.all([this.version(id, from), this.version(id, to)]);
    const diff = lineDiff(before.body, after.body);
    if (!diff) throw new ApiError('DIFF_TOO_LARGE', `Versions ${from} and ${to} differ too much to diff`);
    return { from, to, ...diff };
  }

  private async one(id: string, number: number): Promise<VersionResponse> {
    return toVersionResponse(await this.version(id, number), true);
  }

  private async version(id: string, number: number): Promise<OutcomeVersion & { author?: User | null }> {
    const version = await this.withAuthor().where('version.documentId = :id AND version.number = :number', { id, number }).getOne();
    if (!version) throw ApiError.notFound(`Version ${number}`);
    return version;
  }

  private withAuthor() {
    return this.dataSource
      .getRepository(OutcomeVersion)
      .createQueryBuilder('version')
      .leftJoinAndMapOne('version.author', User, 'author', 'author.id = version.authorId');
  }
}

function versionConflict(currentVersion: number, baseVersion: number): ApiError {
  return new ApiError(
    'VERSION_CONFLICT',
    `This edit is based on version ${baseVersion}, but the document is now at version ${currentVersion}; merge the changes and retry`,
    { currentVersion },
  );
}
