import { Injectable } from '@nestjs/common';

/**
 * An attachment as a mail stores it: what to make and under which file name, never the content (a visa
 * letter holds passport data, which the delivery log must not). `kind` names a provider registered with
 * MailAttachments; `ref` is what that provider is given (e.g. a registration id).
 */
export interface MailAttachmentRef {
  kind: string;
  ref: string;
  filename: string;
}

/** An attachment made at send time, as nodemailer takes it. */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** Makes the content of one kind of attachment; throws (e.g. an ApiError: the letter was revoked) when it cannot. */
export type AttachmentProvider = (ref: string) => Promise<{ content: Buffer; contentType: string }>;

/**
 * Thrown when an attachment cannot be made for a reason that will not change by retrying (the feature
 * refused: a letter revoked, a registration cancelled): the mail fails at once with the message.
 */
export class AttachmentRefused extends Error {}

/** The attachment descriptors stored in a mail's data (`data.attachments`); [] when it has none. */
export function attachmentRefsOf(data: unknown): MailAttachmentRef[] {
  const refs = (data as { attachments?: unknown } | null)?.attachments;
  if (!Array.isArray(refs)) return [];
  return refs.filter(
    (ref): ref is MailAttachmentRef =>
      typeof ref === 'object' &&
      ref !== null &&
      typeof (ref as MailAttachmentRef).kind === 'string' &&
      typeof (ref as MailAttachmentRef).ref === 'string' &&
      typeof (ref as MailAttachmentRef).filename === 'string',
  );
}

/**
 * The registry of attachment providers: a feature registers how to make its kind (the letters register
 * `visa_letter`), and the delivery makes each mail's attachments just before sending it, so their content
 * lives only in memory for the time of the send.
 */
@Injectable()
export class MailAttachments {
  private readonly providers = new Map<string, AttachmentProvider>();

  register(kind: string, provider: AttachmentProvider): void {
    if (this.providers.has(kind)) throw new Error(`an attachment provider for ${kind} is registered already`);
    this.providers.set(kind, provider);
  }

  /** The attachments of a mail's data, made now; rejects (AttachmentRefused for a refusal) when one cannot be made. */
  async make(data: unknown): Promise<MailAttachment[]> {
    const made: MailAttachment[] = [];
    for (const { kind, ref, filename } of attachmentRefsOf(data)) {
      const provider = this.providers.get(kind);
      if (!provider) throw new AttachmentRefused(`no attachment provider for ${kind}`);
      const { content, contentType } = await provider(ref);
      made.push({ filename, contentType, content });
    }
    return made;
  }
}
