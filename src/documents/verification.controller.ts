import {
  ArgumentsHost,
  Catch,
  Controller,
  ExceptionFilter,
  Get,
  Header,
  HttpException,
  Param,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { RateLimitGuard } from '../common/rate-limit.guard';
import { VerificationService } from './verification.service';

/** A refusal on the verification page (too many requests) answered as a page, not as the API's JSON. */
@Catch(HttpException)
export class VerificationPageFilter implements ExceptionFilter {
  constructor(private readonly verification: VerificationService) {}

  catch(exception: HttpException, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const status = exception.getStatus();
    const message =
      status === 429 ? 'Too many verifications from this address; try again in a minute.' : 'The request could not be handled.';
    if (!reply.sent)
      void reply.status(status).header('content-type', 'text/html; charset=utf-8').send(this.verification.error(status, message));
  }
}

/**
 * The public page a document's QR code opens (`/verify/:reference`, outside /api/v1: see page-routes.ts).
 * Limited per address like registration (REGISTRATION_RATE_LIMIT a minute), so references cannot be
 * tried in bulk; they have 60 random bits besides.
 */
@ApiExcludeController()
@Controller()
@Public()
@UseFilters(VerificationPageFilter)
export class VerificationController {
  constructor(private readonly verification: VerificationService) {}

  @Get('verify/:pageReference')
  @UseGuards(RateLimitGuard)
  @SkipThrottle({ login: true })
  @Header('cache-control', 'no-store')
  @Header('referrer-policy', 'no-referrer')
  async verify(@Param('pageReference') reference: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { status, html } = await this.verification.page(reference);
    void reply.status(status).header('content-type', 'text/html; charset=utf-8');
    return html;
  }
}
