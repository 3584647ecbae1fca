import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const ORGANISATION_KINDS = [
  'government',
  'un_agency',
  'intergovernmental',
  'ngo',
  'civil_society',
  'academia',
  'donor',
  'private',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/**
 * A government, UN agency, donor… reused across events. Names are unique case-insensitively: the unique
 * index on lower(name) is created by the migration (TypeORM cannot describe expression indexes).
 */
@Entity('organisation')
@Index('uq_organisation_name_ci', { synchronize: false })
@Check('ck_organisation_kind', `"kind" IN (${ORGANISATION_KINDS.map((kind) => `'${kind}'`).join(', ')})`)
export class Organisation {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_organisation' })
  id: string;

  @Column({ type: 'varchar', length: 300 })
  name: string;

  @Column({ type: 'varchar', length: 50, nullable: true })
  acronym: string | null;

  @Column({ type: 'varchar', length: 30 })
  kind: OrganisationKind;

  /** ISO 3166-1 alpha-2. */
  @Column({ type: 'char', length: 2, nullable: true })
  countryCode: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
