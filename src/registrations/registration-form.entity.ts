import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Event } from '../events/event.entity';

export const FORM_FIELD_TYPES = ['text', 'select', 'checkbox', 'date', 'country'] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

export interface FormField {
  key: string;
  label: string;
  type: FormFieldType;
  required: boolean;
  options?: string[];
}

/** The extra questions of an event's registration form, in order. */
@Entity('registration_form')
export class RegistrationForm {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_registration_form' })
  eventId: string;

  @OneToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_registration_form_event' })
  event?: Event;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  fields: FormField[];

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
