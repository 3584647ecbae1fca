import { Controller, Delete, Get, HttpCode, Param, Put, Res, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authorised, Public, RequireEventRoleFor } from '../auth/auth.decorators';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import { AcceptsUploads } from '../common/uploads';
import { StoredFileResponse, uploadBodySchema } from '../files/file.dto';
import { PHOTO_UPLOAD_BYTES } from '../files/photos';
import { UploadedForm } from '../files/uploaded-form';
import { RegistrationPhotosService } from './registration-photos.service';

const PHOTO_BODY = uploadBodySchema(
  'photo',
  'A JPEG, PNG or WebP photo of at most 5 MB and at least 300×400 pixels, checked by its content; stored as a 600×800 JPEG without metadata',
);
const PHOTO_OUT = 'The photo: a 600×800 JPEG without metadata (Content-Disposition inline, X-Content-Type-Options nosniff)';

/** A registration's photo (issue 18), by organisers and through the registrant's manage link. */
@ApiTags('registrations')
@Controller()
export class RegistrationPhotosController {
  constructor(private readonly photos: RegistrationPhotosService) {}

  @Put('registrations/:id/photo')
  @RequireEventRoleFor('registration', 'organiser')
  @AcceptsUploads({ fileBytes: PHOTO_UPLOAD_BYTES })
  @ApiConsumes('multipart/form-data')
  @ApiBody(PHOTO_BODY)
  @ApiOkResponse({ type: StoredFileResponse, description: 'The stored photo (it replaces the one before)' })
  put(@Authorised() registration: AuthorisedTarget, @UploadedForm() form: unknown): Promise<StoredFileResponse> {
    return this.photos.attach({ registrationId: registration.id }, form);
  }

  @Get('registrations/:id/photo')
  @RequireEventRoleFor('registration', 'organiser', 'checkin')
  @ApiProduces('image/jpeg')
  @ApiOkResponse({ description: PHOTO_OUT })
  get(@Authorised() registration: AuthorisedTarget, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    return this.photos.stream({ registrationId: registration.id }, reply);
  }

  @Delete('registrations/:id/photo')
  @HttpCode(204)
  @RequireEventRoleFor('registration', 'organiser')
  @ApiNoContentResponse({ description: 'The photo is removed' })
  remove(@Authorised() registration: AuthorisedTarget): Promise<void> {
    return this.photos.remove({ registrationId: registration.id });
  }

  @Put('registrations/manage/:token/photo')
  @Public()
  @AcceptsUploads({ fileBytes: PHOTO_UPLOAD_BYTES })
  @ApiConsumes('multipart/form-data')
  @ApiBody(PHOTO_BODY)
  @ApiOkResponse({
    type: StoredFileResponse,
    description: 'The stored photo (it replaces the one before); only while the registration is active',
  })
  putByToken(@Param('token') token: string, @UploadedForm() form: unknown): Promise<StoredFileResponse> {
    return this.photos.attach({ token }, form);
  }

  @Get('registrations/manage/:token/photo')
  @Public()
  @ApiProduces('image/jpeg')
  @ApiOkResponse({ description: PHOTO_OUT })
  getByToken(@Param('token') token: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    return this.photos.stream({ token }, reply);
  }

  @Delete('registrations/manage/:token/photo')
  @Public()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The photo is removed; only while the registration is active' })
  removeByToken(@Param('token') token: string): Promise<void> {
    return this.photos.remove({ token });
  }
}
