import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { FormField, RegistrationForm } from './registration-form.entity';
import { FormFieldDto } from './registration.dto';

@Injectable()
export class RegistrationFormsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async get(eventId: string): Promise<FormField[]> {
    return (await this.dataSource.getRepository(RegistrationForm).findOneBy({ eventId }))?.fields ?? [];
  }

  /** Replaces the form. Keys are unique; select fields need options; only select fields have them. */
  async replace(eventId: string, fields: FormFieldDto[]): Promise<FormField[]> {
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
    await this.dataSource.getRepository(RegistrationForm).upsert({ eventId, fields: clean }, ['eventId']);
    return clean;
  }
}
