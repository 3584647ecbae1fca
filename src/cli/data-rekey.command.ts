import { Command, CommandRunner } from 'nest-commander';
import { ApiError } from '../common/errors/api-error';
import { IdentityService } from '../identity/identity.service';

/**
 * `data:rekey`: re-encrypts every passport / ID record that is under an older key (DATA_ENCRYPTION_OLD_KEYS)
 * with DATA_ENCRYPTION_KEY, printing progress; afterwards the old keys can be removed. Safe to run while
 * servers run, and again after an interruption.
 */
@Command({ name: 'data:rekey', description: 'Re-encrypt all identity data under DATA_ENCRYPTION_KEY (after a key rotation)' })
export class DataRekeyCommand extends CommandRunner {
  constructor(private readonly identities: IdentityService) {
    super();
  }

  async run(): Promise<void> {
    try {
      const result = await this.identities.rekey(({ done, total }) => console.log(`Re-encrypted ${done} of ${total} identity records`));
      console.log(
        result.total === 0
          ? 'Every identity record is already under the current key.'
          : `Done: ${result.done} identity records are now under the current key.`,
      );
    } catch (error) {
      // A missing key names the key id to configure; the message never holds data.
      if (error instanceof ApiError) throw new Error(`data:rekey stopped: ${error.message}`, { cause: error });
      throw error;
    }
  }
}
