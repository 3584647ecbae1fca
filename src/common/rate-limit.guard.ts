import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** @nestjs/throttler (v6) suffixes its headers with the throttler's name: `Retry-After-registration`, `X-RateLimit-Limit-login`. */
const THROTTLER_SUFFIX = /-(?:login|registration)$/;

/**
 * The rate limits (LOGIN_RATE_LIMIT, REGISTRATION_RATE_LIMIT) with standard header names: a 429 carries
 * `Retry-After` (seconds), which clients and proxies understand, and every limited answer
 * `X-RateLimit-Limit`, `-Remaining` and `-Reset`. Each route applies one limit (it skips the other), so
 * the names need no throttler suffix.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override setResponseHeader(res: Record<string, unknown>, name: string, value: string | number): void {
    super.setResponseHeader(res, name.replace(THROTTLER_SUFFIX, ''), value);
  }
}
