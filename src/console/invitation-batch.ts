import { createHmac, timingSafeEqual } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** A checked invitation list, as the report page hands it to "Send": the accepted rows and the options chosen. */
export interface InvitationBatch {
  eventId: string;
  /** The one-time key of this checked list: MailingsService.invite starts one mailing per key (a unique index). */
  requestKey: string;
  transferable: boolean;
  recipients: { email: string; givenName: string; familyName: string; delegationId: string | null }[];
}

/** How long a checked list may wait for "Send" before it must be checked again. */
export const BATCH_VALID_MS = 2 * 60 * 60 * 1000;
/** Most bytes a batch inflates to (10,000 recipients with the longest names fit). */
const MAX_INFLATED_BYTES = 16 * 1024 * 1024;

/**
 * Seals and opens checked lists: deflated JSON, base64url, and an HMAC-SHA256 over it with the server's key, so
 * the page can carry the list between "Check" and "Send" without the server storing anything, and what comes
 * back is exactly what was checked (a changed row, event or key fails the seal).
 */
export class InvitationBatchSeal {
  constructor(private readonly key: string) {}

  seal(batch: InvitationBatch, now = Date.now()): string {
    const body = deflateRawSync(Buffer.from(JSON.stringify({ ...batch, issuedAt: now }))).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The batch, or why not: not sealed here (or changed), or older than BATCH_VALID_MS. */
  open(sealed: unknown, now = Date.now()): InvitationBatch | 'invalid' | 'expired' {
    if (typeof sealed !== 'string') return 'invalid';
    const [body, mac, ...rest] = sealed.split('.');
    if (!body || !mac || rest.length > 0) return 'invalid';
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
    const batch = JSON.parse(
      inflateRawSync(Buffer.from(body, 'base64url'), { maxOutputLength: MAX_INFLATED_BYTES }).toString('utf8'),
    ) as InvitationBatch & {
      issuedAt: number;
    };
    if (!(now - batch.issuedAt <= BATCH_VALID_MS)) return 'expired';
    const { issuedAt: _issuedAt, ...rest2 } = batch;
    return rest2;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(`invitation batch\u0000${body}`).digest('base64url');
  }
}
