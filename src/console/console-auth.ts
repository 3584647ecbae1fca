import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { ConsoleUser } from '../auth/console-sessions.service';
import { SignInRequired } from '../auth/sign-in-required';

export type ConsoleRequest = FastifyRequest & { user?: ConsoleUser };

/** The signed-in user of a console page (the global guard has checked there is one). */
export const SignedIn = createParamDecorator((_data: unknown, context: ExecutionContext): ConsoleUser => {
  const user = context.switchToHttp().getRequest<ConsoleRequest>().user;
  if (!user) throw new SignInRequired('/console');
  return user;
});
