import {
  Body,
  Controller,
  createParamDecorator,
  ExecutionContext,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { RateLimitGuard } from '../common/rate-limit.guard';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { CsrfService } from '../common/csrf.service';
import { AcceptsUploads } from '../common/uploads';
import { PHOTO_UPLOAD_BYTES } from '../files/photos';
import { RegistrationPhotosService } from '../registrations/registration-photos.service';
import { PageExceptionFilter } from './page-exception.filter';
import { PagesService } from './pages.service';
import { ParticipantsPageService } from '../documents/participants-page.service';
import { FormBody, RegistrationPagesService } from './registration-pages.service';

const HTML = 'text/html; charset=utf-8';

/**
 * The posted form as it came, past the global pipe's text check: the register page checks the text of
 * its fields itself (through validateBody, in RegistrationPagesService.register), to show a refusal beside the field rather than as an error page.
 */
const PostedForm = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<FastifyRequest>().body as FormBody,
);

/** The public HTML pages (outside /api/v1, see page-routes.ts). They work without JavaScript. */
@ApiExcludeController()
@Controller()
@Public()
@UseFilters(PageExceptionFilter)
export class PagesController {
  constructor(
    private readonly pages: PagesService,
    private readonly registrationPages: RegistrationPagesService,
    private readonly csrf: CsrfService,
    private readonly photos: RegistrationPhotosService,
    private readonly participants: ParticipantsPageService,
  ) {}

  @Get('/')
  @Header('content-type', HTML)
  home(): Promise<string> {
    return this.pages.home();
  }

  @Get('assets/plenary.css')
  @Header('content-type', 'text/css; charset=utf-8')
  @Header('cache-control', 'public, max-age=300')
  css(): string {
    return this.pages.css;
  }

  @Get('events/:pageSlug')
  @Header('content-type', HTML)
  event(@Param('pageSlug') slug: string): Promise<string> {
    return this.pages.event(slug);
  }

  @Get('events/:pageSlug/agenda')
  @Header('content-type', HTML)
  agenda(@Param('pageSlug') slug: string): Promise<string> {
    return this.pages.agendaPage(slug);
  }

  /** The List of Participants once published (issue 18, src/documents). */
  @Get('events/:pageSlug/participants')
  @Header('content-type', HTML)
  participantsList(@Param('pageSlug') slug: string): Promise<string> {
    return this.participants.page(slug);
  }

  @Get('events/:pageSlug/outcomes')
  @Header('content-type', HTML)
  outcomes(@Param('pageSlug') slug: string): Promise<string> {
    return this.pages.outcomesPage(slug);
  }

  @Get('events/:pageSlug/outcomes/:pageOutcome')
  @Header('content-type', HTML)
  outcome(@Param('pageSlug') slug: string, @Param('pageOutcome') id: string): Promise<string> {
    return this.pages.outcomePage(slug, id);
  }

  @Get('series/:pageSeries/commitments')
  @Header('content-type', HTML)
  seriesCommitments(@Param('pageSeries') seriesId: string, @Query() query: Record<string, unknown>): Promise<string> {
    return this.pages.seriesCommitmentsPage(seriesId, query);
  }

  @Get('events/:pageSlug/register')
  @Header('content-type', HTML)
  registerForm(
    @Param('pageSlug') slug: string,
    @Query() query: Record<string, string>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.registrationPages.registerForm(slug, this.csrf.issue(request, reply), {
      invitation: query.invitation,
      delegation: query.delegation,
    });
  }

  @Post('events/:pageSlug/register')
  @UseGuards(RateLimitGuard)
  @SkipThrottle({ login: true })
  async register(
    @Param('pageSlug') slug: string,
    @PostedForm() body: FormBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    this.csrf.verify(request, body?._csrf);
    const { status, html } = await this.registrationPages.register(slug, this.csrf.issue(request, reply), body);
    void reply.status(status).header('content-type', HTML);
    return html;
  }

  @Get('events/:pageSlug/manage-link')
  @Header('content-type', HTML)
  manageLinkForm(
    @Param('pageSlug') slug: string,
    @Query('sent') sent: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.registrationPages.manageLinkForm(slug, this.csrf.issue(request, reply), sent === '1');
  }

  @Post('events/:pageSlug/manage-link')
  @UseGuards(RateLimitGuard)
  @SkipThrottle({ login: true })
  async requestManageLink(
    @Param('pageSlug') slug: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    this.csrf.verify(request, body?._csrf);
    return answer(reply, await this.registrationPages.requestManageLink(slug, this.csrf.issue(request, reply), body));
  }

  @Get('registrations/manage/:pageToken')
  @Header('content-type', HTML)
  @Header('referrer-policy', 'no-referrer')
  manage(
    @Param('pageToken') token: string,
    @Query('updated') updated: string | undefined,
    @Query('photo') photo: string | undefined,
    @Query('identity') identity: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.registrationPages.manage(token, this.csrf.issue(request, reply), updated === '1', photo, identity === 'saved');
  }

  /** The registrant's photo, for the manage page's <img> (the token in the path is redacted from logs). */
  @Get('registrations/manage/:pageToken/photo')
  @Header('referrer-policy', 'no-referrer')
  photo(@Param('pageToken') token: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    return this.photos.stream({ token }, reply);
  }

  /** The manage page's forms: the details (urlencoded) and, by `_form`, the photo (multipart) and its removal. */
  @Post('registrations/manage/:pageToken')
  @Header('referrer-policy', 'no-referrer')
  @AcceptsUploads({ fileBytes: PHOTO_UPLOAD_BYTES })
  async update(
    @Param('pageToken') token: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    this.csrf.verify(request, body?._csrf);
    if (body?._form === 'photo' || body?._form === 'remove-photo')
      return answer(reply, await this.registrationPages.photo(token, this.csrf.issue(request, reply), body, body._form === 'remove-photo'));
    // Issue 18: the passport block of the page posts here too, marked `_form=identity`.
    if (body?._form === 'identity')
      return answer(reply, await this.registrationPages.updateIdentity(token, this.csrf.issue(request, reply), body));
    return answer(reply, await this.registrationPages.update(token, this.csrf.issue(request, reply), body));
  }

  @Get('registrations/manage/:pageToken/cancel')
  @Header('content-type', HTML)
  @Header('referrer-policy', 'no-referrer')
  confirmCancel(
    @Param('pageToken') token: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.registrationPages.confirmCancel(token, this.csrf.issue(request, reply));
  }

  @Post('registrations/manage/:pageToken/cancel')
  @HttpCode(200)
  @Header('content-type', HTML)
  @Header('referrer-policy', 'no-referrer')
  cancel(@Param('pageToken') token: string, @Body() body: FormBody, @Req() request: FastifyRequest): Promise<string> {
    this.csrf.verify(request, body?._csrf);
    return this.registrationPages.cancel(token);
  }
}

/** A form post's answer: 303 to the page that shows the result (post-redirect-get), or the form again with its status. */
function answer(reply: FastifyReply, result: { redirect: string } | { status: number; html: string }): string {
  if ('redirect' in result) {
    void reply.status(303).header('location', result.redirect);
    return '';
  }
  void reply.status(result.status).header('content-type', HTML);
  return result.html;
}
