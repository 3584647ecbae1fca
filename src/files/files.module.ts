import { Module } from '@nestjs/common';
import { FilesService } from './files.service';

/** Stored files (src/files/README.md): import it to store, read, stream and remove files. */
@Module({
  providers: [FilesService],
  exports: [FilesService],
})
export class FilesModule {}
