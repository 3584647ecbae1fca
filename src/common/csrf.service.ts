import { Injectable } from '@nestjs/common';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cookieOf } from './cookies';
import { ApiError } from './errors/api-error';
import { AppConfig } from '../config/app-config';
import { resolveJwtSecret } from '../config/jwt-secret';

const COOKIE = 'plenary_csrf';

/**
 * CSRF protection for the forms of the pages and the console: a signed double-submit token. The browser holds a random value in
 * an HttpOnly, SameSite=Strict cookie; each form carries HMAC(server key, that value). A forged post from
 * another site has neither the cookie's value nor the key, so it cannot produce the field.
 */
@Injectable()
export class CsrfService {
  private readonly key: string;
  private readonly secure: boolean;

  constructor(config: AppConfig) {
    this.key = createHmac('sha256', resolveJwtSecret(config)).update('plenary csrf').digest('hex');
    this.secure = config.publicUrl.startsWith('https:');
  }

  /** The token for this browser's forms, setting its cookie the first time. */
  issue(request: FastifyRequest, reply: FastifyReply): string {
    let value = cookieOf(request, COOKIE);
    if (!value || !/^[\w-]{32,64}$/.test(value)) {
      value = randomBytes(32).toString('base64url');
      void reply.header('set-cookie', `${COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict${this.secure ? '; Secure' : ''}`);
    }
    return this.sign(value);
  }

  /** Throws 403 unless the posted token matches this browser's cookie. */
  verify(request: FastifyRequest, token: unknown): void {
    const value = cookieOf(request, COOKIE);
    const expected = value ? Buffer.from(this.sign(value)) : null;
    const given = typeof token === 'string' ? Buffer.from(token) : null;
    if (!expected || !given || expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw ApiError.forbidden('This form has expired or was not sent from this site. Reload the page and try again.');
    }
  }

  private sign(value: string): string {
    return createHmac('sha256', this.key).update(value).digest('base64url');
  }
}
