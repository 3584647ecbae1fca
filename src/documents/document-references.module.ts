import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DocumentReference } from './document-reference.entity';
import { DocumentReferencesService } from './document-references.service';

/**
 * The references of issued documents, on their own so that registrations can revoke a cancelled person's
 * letters in the cancellation's transaction without depending on the letters (which depend on registrations).
 */
@Module({
  imports: [TypeOrmModule.forFeature([DocumentReference])],
  providers: [DocumentReferencesService],
  exports: [DocumentReferencesService],
})
export class DocumentReferencesModule {}
