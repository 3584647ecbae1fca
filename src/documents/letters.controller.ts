import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Put, Res, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authorised, CurrentUser, RequireEventRole, RequireEventRoleFor } from '../auth/auth.decorators';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { AcceptsUploads } from '../common/uploads';
import { AppConfig } from '../config/app-config';
import { StoredFileResponse, uploadBodySchema } from '../files/file.dto';
import { LETTERHEAD_BYTES, LETTERHEAD_MAXIMUM, LETTERHEAD_MINIMUM } from '../files/letterheads';
import { UploadedForm } from '../files/uploaded-form';
import { DocumentReferencesService } from './document-references.service';
import { LetterTemplatesService } from './letters-template.service';
import {
  DocumentReferenceResponse,
  LetterTemplateResponse,
  PutLetterTemplateDto,
  RevokeDocumentDto,
  toDocumentReferenceResponse,
} from './letters.dto';
import { LettersService } from './letters.service';

const LETTERHEAD_BODY = uploadBodySchema(
  'letterhead',
  `A PNG or JPEG of at most 2 MB and ${LETTERHEAD_MINIMUM.width}×${LETTERHEAD_MINIMUM.height} to ` +
    `${LETTERHEAD_MAXIMUM.width}×${LETTERHEAD_MAXIMUM.height} pixels, checked by its content (not its name); printed across the top of every letter and certificate`,
);

/** Visa support letters: the event's template and its letterhead, one person's letter, all letters as a ZIP, revocation. Organisers only. */
@ApiTags('documents')
@Controller()
export class LettersController {
  constructor(
    private readonly config: AppConfig,
    private readonly letters: LettersService,
    private readonly templates: LetterTemplatesService,
    private readonly references: DocumentReferencesService,
  ) {}

  @Get('events/:id/letter-template')
  @RequireEventRole('organiser')
  @ApiOkResponse({ type: LetterTemplateResponse })
  template(@Param('id') eventId: string): Promise<LetterTemplateResponse> {
    return this.templates.get(eventId);
  }

  @Put('events/:id/letter-template')
  @RequireEventRole('organiser')
  @ApiOkResponse({ type: LetterTemplateResponse })
  putTemplate(@Param('id') eventId: string, @Body() dto: PutLetterTemplateDto): Promise<LetterTemplateResponse> {
    return this.templates.put(eventId, dto);
  }

  @Put('events/:id/letter-template/letterhead')
  @RequireEventRole('organiser')
  @AcceptsUploads({ fileBytes: LETTERHEAD_BYTES })
  @ApiConsumes('multipart/form-data')
  @ApiBody(LETTERHEAD_BODY)
  @ApiOkResponse({
    type: StoredFileResponse,
    description: 'The stored letterhead (it replaces the one before, whose file is removed); the template must be saved first',
  })
  putLetterhead(@Param('id') eventId: string, @UploadedForm() form: unknown): Promise<StoredFileResponse> {
    return this.templates.attachLetterhead(eventId, form);
  }

  @Get('events/:id/letter-template/letterhead')
  @RequireEventRole('organiser')
  @ApiProduces('image/png', 'image/jpeg')
  @ApiOkResponse({ description: 'The letterhead as uploaded (Content-Disposition inline, X-Content-Type-Options nosniff)' })
  letterhead(@Param('id') eventId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    return this.templates.streamLetterhead(eventId, reply);
  }

  @Delete('events/:id/letter-template/letterhead')
  @HttpCode(204)
  @RequireEventRole('organiser')
  @ApiNoContentResponse({ description: 'The letterhead and its file are removed: letters print without one' })
  removeLetterhead(@Param('id') eventId: string): Promise<void> {
    return this.templates.removeLetterhead(eventId);
  }

  @Post('registrations/:id/visa-letter')
  @HttpCode(200)
  @RequireEventRoleFor('registration', 'organiser')
  @ApiOkResponse({ type: DocumentReferenceResponse, description: 'The valid letter of the registration, issued now if it had none' })
  async issue(@Authorised() registration: AuthorisedTarget): Promise<DocumentReferenceResponse> {
    return toDocumentReferenceResponse(await this.letters.issue(registration.id), this.config.publicUrl);
  }

  @Get('registrations/:id/visa-letter.pdf')
  @RequireEventRoleFor('registration', 'organiser')
  @ApiProduces('application/pdf')
  @Header('content-type', 'application/pdf')
  async pdf(@Authorised() registration: AuthorisedTarget, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const { pdf, reference } = await this.letters.pdf(registration.id);
    reply.header('content-disposition', `attachment; filename="visa-letter-${reference}.pdf"`);
    return new StreamableFile(pdf);
  }

  @Get('events/:id/letters.zip')
  @RequireEventRole('organiser')
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'One PDF per confirmed registration with passport data, made one at a time as the ZIP streams' })
  @Header('content-type', 'application/zip')
  async zip(@Param('id') eventId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const { stream, filename } = await this.letters.zip(eventId);
    reply.header('content-disposition', `attachment; filename="${filename}"`);
    return new StreamableFile(stream);
  }

  @Post('document-references/:reference/revoke')
  @HttpCode(200)
  @ApiOkResponse({ type: DocumentReferenceResponse })
  async revoke(
    @Param('reference') reference: string,
    @Body() dto: RevokeDocumentDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<DocumentReferenceResponse> {
    return toDocumentReferenceResponse(await this.references.revoke(reference, dto.reason, user), this.config.publicUrl);
  }
}
