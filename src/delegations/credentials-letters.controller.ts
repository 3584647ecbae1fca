import { Controller, Delete, Get, HttpCode, Put, Res, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authorised, RequireEventRoleFor } from '../auth/auth.decorators';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import { AcceptsUploads } from '../common/uploads';
import { StoredFileResponse, uploadBodySchema } from '../files/file.dto';
import { CREDENTIALS_LETTER_BYTES } from '../files/pdfs';
import { UploadedForm } from '../files/uploaded-form';
import { CredentialsLettersService } from './credentials-letters.service';

/** A delegation's credentials letter or note verbale (issue 18), for the event's organisers. */
@ApiTags('delegations')
@Controller('delegations/:id/credentials-letter')
export class CredentialsLettersController {
  constructor(private readonly letters: CredentialsLettersService) {}

  @Put()
  @RequireEventRoleFor('delegation', 'organiser')
  @AcceptsUploads({ fileBytes: CREDENTIALS_LETTER_BYTES })
  @ApiConsumes('multipart/form-data')
  @ApiBody(uploadBodySchema('file', 'A PDF of at most 10 MB, checked by its content (not its name): %PDF- and a PDF structure'))
  @ApiOkResponse({ type: StoredFileResponse, description: 'The stored letter (it replaces the one before)' })
  put(@Authorised() delegation: AuthorisedTarget, @UploadedForm() form: unknown): Promise<StoredFileResponse> {
    return this.letters.attach(delegation.id, form);
  }

  @Get()
  @RequireEventRoleFor('delegation', 'organiser')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The letter as a download (Content-Disposition attachment, X-Content-Type-Options nosniff)' })
  get(@Authorised() delegation: AuthorisedTarget, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    return this.letters.stream(delegation.id, reply);
  }

  @Delete()
  @HttpCode(204)
  @RequireEventRoleFor('delegation', 'organiser')
  @ApiNoContentResponse({ description: 'The letter is removed' })
  remove(@Authorised() delegation: AuthorisedTarget): Promise<void> {
    return this.letters.remove(delegation.id);
  }
}
