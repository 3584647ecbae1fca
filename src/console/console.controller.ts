import { Body, Controller, Get, Header, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { ConsolePage, RequireUserRole } from '../auth/auth.decorators';
import { AuthService } from '../auth/auth.service';
import type { ConsoleUser } from '../auth/console-sessions.service';
import { ConsoleSessions } from '../auth/console-sessions.service';
import { ApiError } from '../common/errors/api-error';
import { validateBody } from '../common/validate-body';
import { formatDateRange } from '../common/dates';
import { RateLimitGuard } from '../common/rate-limit.guard';
import { CreateEventDto } from '../events/event.dto';
import { EventChanges } from '../events/event-changes.service';
import { EventsService } from '../events/events.service';
import { ConsoleRequest, SignedIn } from './console-auth';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { fieldErrorsOf, messagesByField, one, Posted } from './console-forms';
import { ConsoleViews, firstTabPath, seeOther } from './console-views.service';
import { blankEventValues, eventBody, eventFormLists, postedEventValues } from './event-form';

/** Where a signed-in user may be sent after signing in: a console page of this site, nothing else. */
const returnTo = (next: string | undefined) => (next && /^\/console(\/|$|\?)/.test(next) && !next.startsWith('//') ? next : '/console');

/** Sign-in, sign-out, the user's events and creating one. */
@ApiExcludeController()
@Controller('console')
@ConsolePage()
@UseFilters(ConsoleExceptionFilter)
export class ConsoleController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly auth: AuthService,
    private readonly sessions: ConsoleSessions,
    private readonly events: EventsService,
    private readonly changes: EventChanges,
  ) {}

  @Get('assets/:name')
  @ConsolePage({ anonymous: true })
  @Header('cache-control', 'public, max-age=300')
  asset(@Param('name') name: string, @Res({ passthrough: true }) reply: FastifyReply): string {
    const asset = this.views.assets.get(name);
    if (!asset) throw ApiError.notFound('Asset');
    void reply.header('content-type', asset.type);
    return asset.body;
  }

  @Get('login')
  @ConsolePage({ anonymous: true })
  loginPage(
    @Query('next') next: string | undefined,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): string {
    if (request.user) {
      return seeOther(reply, returnTo(next));
    }
    return this.views.page(request, reply, 'login', { title: 'Sign in', next: returnTo(next), email: '' });
  }

  @Post('login')
  @ConsolePage({ anonymous: true })
  @UseGuards(RateLimitGuard)
  @SkipThrottle({ registration: true })
  async login(@Body() form: Posted, @Req() request: ConsoleRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const email = one(form, 'email') ?? '';
    const password = typeof form?.password === 'string' ? form.password : '';
    const next = returnTo(one(form, 'next'));
    const errors: Record<string, string> = {};
    if (email === '') errors.email = 'Enter your email address';
    if (password === '') errors.password = 'Enter your password';
    if (Object.keys(errors).length === 0) {
      try {
        const user = await this.auth.verifyCredentials(email, password);
        void reply.header('set-cookie', await this.sessions.switchTo(request.user, user.id));
        return seeOther(reply, next);
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 'UNAUTHENTICATED')) throw error;
        errors.password = 'Wrong email or password';
      }
    }
    return this.views.page(request, reply, 'login', { title: 'Sign in', next, email, errors }, 401);
  }

  @Post('logout')
  @ConsolePage({ anonymous: true })
  async logout(@Req() request: ConsoleRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (request.user) await this.sessions.revoke(request.user.sessionId);
    void reply.header('set-cookie', this.sessions.cleared());
    return seeOther(reply, '/console/login');
  }

  @Get()
  async home(
    @SignedIn() user: ConsoleUser,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const events = (await this.events.listManaged(user)).map((event) => ({
      ...event,
      dates: formatDateRange(event.startDate, event.endDate),
      roles: event.roles.join(', ') || (user.role === 'admin' ? 'admin' : ''),
      href: firstTabPath(event.id, event.roles, user.role === 'admin'),
    }));
    return this.views.page(request, reply, 'home', {
      title: 'My events',
      events,
      mayCreate: user.role === 'admin' || user.role === 'organiser',
    });
  }

  @Get('events/new')
  @RequireUserRole('organiser')
  async newEvent(
    @SignedIn() user: ConsoleUser,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.newEventPage(request, reply, user, blankEventValues(), {});
  }

  @Post('events/new')
  @RequireUserRole('organiser')
  async createEvent(
    @SignedIn() user: ConsoleUser,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { dto, errors } = await validateBody(CreateEventDto, eventBody(form, 'create'));
    if (errors.length === 0) {
      try {
        const event = await this.changes.create(dto, user);
        return seeOther(reply, `/console/events/${event.id}/settings?done=created`);
      } catch (error) {
        const fields = fieldErrorsOf(error, 'slug');
        if (!fields) throw error;
        errors.push(...fields);
      }
    }
    return this.newEventPage(request, reply, user, postedEventValues(form), messagesByField(errors), 400);
  }

  private async newEventPage(
    request: ConsoleRequest,
    reply: FastifyReply,
    user: ConsoleUser,
    values: ReturnType<typeof blankEventValues>,
    errors: Record<string, string>,
    status = 200,
  ): Promise<string> {
    return this.views.page(
      request,
      reply,
      'event-new',
      {
        title: 'Create event',
        values,
        errors,
        hasErrors: Object.keys(errors).length > 0,
        ...eventFormLists(values.countryCode),
        series: markSelected(await this.events.joinableSeries(user, null), values.seriesId),
      },
      status,
    );
  }
}

/** Options of a select, the chosen one marked. */
export const markSelected = (options: { id: string; name: string }[], chosen: string) =>
  options.map((option) => ({ value: option.id, label: option.name, selected: option.id === chosen }));
