import { Body, Controller, createParamDecorator, ExecutionContext, Get, Header, HttpCode, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { RateLimitGuard } from '../common/rate-limit.guard';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { CsrfService } from './csrf.service';
import { PageExceptionFilter } from './page-exception.filter';
import { FormBody, PagesService } from './pages.service';

const HTML = 'text/html; charset=utf-8';

/**
 * The posted form as it came, past the global pipe's text check: the register page checks the text of
 * its fields itself (PagesService.register), to show a refusal beside the field rather than as an error page.
 */
const PostedForm = createParamDecorator((_data: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<FastifyRequest>().body as FormBody);

/** The public HTML pages (outside /api/v1, see page-routes.ts). They work without JavaScript. */
@ApiExcludeController()
@Controller()
@Public()
@UseFilters(PageExceptionFilter)
export class PagesController {
  constructor(
    private readonly pages: PagesService,
    private readonly csrf: CsrfService,
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

  @Get('events/:pageSlug/outcomes/:pageOutcome')
  @Header('content-type', HTML)
  outcome(@Param('pageSlug') slug: string, @Param('pageOutcome') id: string): Promise<string> {
    return this.pages.outcomePage(slug, id);
  }

  @Get('events/:pageSlug/register')
  @Header('content-type', HTML)
  registerForm(@Param('pageSlug') slug: string, @Query() query: Record<string, string>, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return this.pages.registerForm(slug, this.csrf.issue(request, reply), { invitation: query.invitation, delegation: query.delegation });
  }

  @Post('events/:pageSlug/register')
  @UseGuards(RateLimitGuard)
  @SkipThrottle({ login: true })
  async register(@Param('pageSlug') slug: string, @PostedForm() body: FormBody, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    this.csrf.verify(request, body?._csrf);
    const { status, html } = await this.pages.register(slug, this.csrf.issue(request, reply), body);
    void reply.status(status).header('content-type', HTML);
    return html;
  }

  @Get('registrations/manage/:pageToken')
  @Header('content-type', HTML)
  @Header('referrer-policy', 'no-referrer')
  manage(@Param('pageToken') token: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return this.pages.manage(token, this.csrf.issue(request, reply));
  }

  @Get('registrations/manage/:pageToken/cancel')
  @Header('content-type', HTML)
  @Header('referrer-policy', 'no-referrer')
  confirmCancel(@Param('pageToken') token: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return this.pages.confirmCancel(token, this.csrf.issue(request, reply));
  }

  @Post('registrations/manage/:pageToken/cancel')
  @HttpCode(200)
  @Header('content-type', HTML)
  @Header('referrer-policy', 'no-referrer')
  cancel(@Param('pageToken') token: string, @Body() body: FormBody, @Req() request: FastifyRequest): Promise<string> {
    this.csrf.verify(request, body?._csrf);
    return this.pages.cancel(token);
  }
}
