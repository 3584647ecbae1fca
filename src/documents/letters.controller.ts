import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authorised, CurrentUser, RequireEventRole, RequireEventRoleFor } from '../auth/auth.decorators';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { AppConfig } from '../config/app-config';
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

/** Visa support letters: the event's template, one person's letter, all letters as a ZIP, revocation. Organisers only. */
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
