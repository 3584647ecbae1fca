import { ApiProperty } from '@nestjs/swagger';
import { FILE_KINDS, type FileKind } from './stored-file.entity';
import type { StoredFileInfo } from './files.service';

/** A stored file as the API shows it: never its bytes (those are streamed by the file's own route). */
export class StoredFileResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: FILE_KINDS }) kind: FileKind;
  @ApiProperty({ example: 'image/jpeg', description: 'What the content was found to be, not what the upload declared' })
  contentType: string;
  @ApiProperty({ example: 'Amina Rahman.jpg', description: 'Sanitised' }) filename: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ description: 'SHA-256 of the content, lower-case hex (also the ETag of its download)' }) sha256: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export function toStoredFileResponse(file: StoredFileInfo): StoredFileResponse {
  const { id, kind, contentType, filename, sizeBytes, sha256 } = file;
  return { id, kind, contentType, filename, sizeBytes, sha256, createdAt: new Date(file.createdAt).toISOString() };
}

/** The multipart body of an upload route, for the OpenAPI document: one file in `field`. */
export const uploadBodySchema = (field: string, description: string) => ({
  schema: {
    type: 'object',
    required: [field],
    properties: { [field]: { type: 'string', format: 'binary', description } },
  },
});

/** A file's size as people read it (kB up to 1 MB, then MB with one decimal), e.g. "240 kB", "1.2 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
