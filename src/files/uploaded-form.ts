import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * The body of a route marked @AcceptsUploads as the upload hook read it (text fields and files), past the
 * validation pipe: a file is not a form value for it to walk. The service checks the field it needs.
 */
export const UploadedForm = createParamDecorator(
  (_data: unknown, context: ExecutionContext): unknown => context.switchToHttp().getRequest<FastifyRequest>().body,
);
