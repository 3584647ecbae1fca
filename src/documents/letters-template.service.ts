import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { LetterTemplate } from './letters-template.entity';
import { checkLetterBody, DEFAULT_LETTER_BODY, LETTER_PLACEHOLDERS, LetterTemplateProblem } from './letters-template';
import { LetterTemplateResponse, PutLetterTemplateDto } from './letters.dto';

/** An event's letter template (`GET/PUT /events/:id/letter-template`; the console's letters screen calls the same). */
@Injectable()
export class LetterTemplatesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async get(eventId: string): Promise<LetterTemplateResponse> {
    return toResponse(eventId, await this.find(eventId));
  }

  find(eventId: string): Promise<LetterTemplate | null> {
    return this.dataSource.getRepository(LetterTemplate).findOneBy({ eventId });
  }

  /** Saves the template after rendering its body with sample values: a broken one is a 400 naming `body` and the line. */
  async put(eventId: string, dto: PutLetterTemplateDto): Promise<LetterTemplateResponse> {
    const body = dto.body.replace(/\r\n?/g, '\n');
    this.check(body);
    const repository = this.dataSource.getRepository(LetterTemplate);
    await repository.upsert(
      {
        eventId,
        body,
        signatoryName: dto.signatoryName,
        signatoryTitle: dto.signatoryTitle,
        letterheadFileId: dto.letterheadFileId ?? null,
        updatedAt: new Date(),
      },
      { conflictPaths: ['eventId'] },
    );
    return toResponse(eventId, await repository.findOneByOrFail({ eventId }));
  }

  /** The body with the sample values (the console's preview), or the 400 a save would give. */
  preview(body: string): string {
    return this.check(body.replace(/\r\n?/g, '\n'));
  }

  private check(body: string): string {
    try {
      return checkLetterBody(body);
    } catch (error) {
      if (!(error instanceof LetterTemplateProblem)) throw error;
      throw new ApiError('LETTER_TEMPLATE_INVALID', `The letter's body does not render: ${error.message}`, {
        details: [{ field: 'body', message: error.message }],
        line: error.line,
      });
    }
  }
}

function toResponse(eventId: string, template: LetterTemplate | null): LetterTemplateResponse {
  return {
    eventId,
    saved: template !== null,
    body: template?.body ?? DEFAULT_LETTER_BODY,
    signatoryName: template?.signatoryName ?? '',
    signatoryTitle: template?.signatoryTitle ?? '',
    letterheadFileId: template?.letterheadFileId ?? null,
    updatedAt: template?.updatedAt ?? null,
    placeholders: Object.keys(LETTER_PLACEHOLDERS),
  };
}
