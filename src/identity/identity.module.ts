import { Module } from '@nestjs/common';
import { parseDataKey, DataCipher } from '../common/crypto/data-cipher';
import { AppConfig } from '../config/app-config';
import { RegistrationsModule } from '../registrations/registrations.module';
import { IdentityController } from './identity.controller';
import { ManageIdentityController } from './manage-identity.controller';
import { IdentityService } from './identity.service';

/** The cipher from the configured keys (validated at start-up, so each parses). */
export function dataCipherFrom(config: AppConfig): DataCipher {
  const current = config.DATA_ENCRYPTION_KEY ? parseDataKey(config.DATA_ENCRYPTION_KEY) : null;
  const older = (config.DATA_ENCRYPTION_OLD_KEYS ?? '')
    .split(',')
    .filter((key) => key.trim() !== '')
    .map((key) => parseDataKey(key)!);
  return new DataCipher(current, older);
}

/** Issue 18: passport / ID data kept safe (see README.md). Exports IdentityService (readIdentity) for the visa letters. */
@Module({
  imports: [RegistrationsModule],
  controllers: [IdentityController, ManageIdentityController],
  providers: [IdentityService, { provide: DataCipher, useFactory: dataCipherFrom, inject: [AppConfig] }],
  exports: [IdentityService, DataCipher],
})
export class IdentityModule {}
