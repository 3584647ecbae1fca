import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { formVersion, retypedFields } from './form-version';
import { FormField, RegistrationForm } from './registration-form.entity';
import { FormFieldDto } from './registration.dto';

@Injectable()
export class RegistrationFormsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async get(eventId: string): Promise<FormField[]> {
    return (await this.dataSource.getRepository(RegistrationForm).findOneBy({ eventId }))?.fields ?? [];
  }

  /**
   * Replaces the form. Keys are unique; select fields need options; only select fields have them. A
   * field that registrants have answered keeps its type (409 FIELD_HAS_ANSWERS on `fields.N.type`), so
   * no answer is left meaning something else. With `expectedVersion` (the console's optimistic check,
   * see form-version.ts), a form changed since that version is refused (409 VERSION_CONFLICT).
   *
   * Decided under the event row FOR UPDATE: that waits for the registrations under way (each holds the row
   * FOR KEY SHARE), so their answers are seen, and one change of the form waits for another.
   */
  async replace(eventId: string, fields: FormFieldDto[], { expectedVersion }: { expectedVersion?: string } = {}): Promise<FormField[]> {
    const seen = new Set<string>();
    fields.forEach((field, index) => {
      if (seen.has(field.key)) throw ApiError.invalidField(`fields.${index}.key`, `repeats the key ${field.key}`);
      seen.add(field.key);
      if (field.type === 'select' && !field.options?.length)
        throw ApiError.invalidField(`fields.${index}.options`, 'a select field needs options');
      if (field.type !== 'select' && field.options)
        throw ApiError.invalidField(`fields.${index}.options`, 'only select fields have options');
    });
    const clean: FormField[] = fields.map(({ key, label, type, required, options }) => ({
      key,
      label,
      type,
      required,
      ...(options ? { options } : {}),
    }));
    await this.dataSource.transaction(async (manager) => {
      const event: unknown[] = await manager.query('SELECT id FROM event WHERE id = $1 FOR UPDATE', [eventId]);
      if (event.length === 0) throw ApiError.notFound('Event');
      const forms = manager.getRepository(RegistrationForm);
      const current = (await forms.findOneBy({ eventId }))?.fields ?? [];
      if (expectedVersion !== undefined && formVersion(current) !== expectedVersion)
        throw new ApiError('VERSION_CONFLICT', 'The registration form was changed since the version given');
      const retyped = retypedFields(current, clean);
      if (retyped.length > 0) {
        const rows: { key: string }[] = await manager.query(
          `SELECT k AS key FROM unnest($2::text[]) AS k
           WHERE EXISTS (SELECT 1 FROM registration r WHERE r.event_id = $1 AND r.answers ? k)`,
          [eventId, retyped.map((field) => field.key)],
        );
        const answered = new Set(rows.map((row) => row.key));
        const details = retyped
          .filter((field) => answered.has(field.key))
          .map((field) => ({
            field: `fields.${field.index}.type`,
            message: `cannot change from ${field.from} to ${field.to}: registrants have answered this question already`,
          }));
        if (details.length > 0) throw new ApiError('FIELD_HAS_ANSWERS', `${details[0].field}: ${details[0].message}`, { details });
      }
      await forms.upsert({ eventId, fields: clean }, ['eventId']);
    });
    return clean;
  }
}
