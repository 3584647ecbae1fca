import { Injectable } from '@nestjs/common';
import { LinkTokens } from '../auth/link-tokens';
import { InvitationsService } from './invitations.service';
import { EventMailSetup, MailContextService } from './mail-context.service';
import { MailRenderer } from './mail-renderer';
import { isAccountMailTemplate, isMailTemplateName, MailContext, MailTemplateName } from './mail-templates';
import type { OutgoingMail } from './mail-transport';

/** A mail as the delivery log stores it: its template's data, never its body. */
export interface StoredMail {
  id: string;
  eventId: string | null;
  invitationId: string | null;
  template: string;
  toEmail: string;
  toName: string | null;
  data: Record<string, unknown>;
  messageId: string;
}

/** What a set-password link reads as where it is withheld (an organiser's view of a team invitation). */
export const WITHHELD_LINK = '(link withheld: it lets only the recipient set their password)';

/**
 * Renders a stored mail as it is sent: its data, the links derived from it (an invitation's, a manage
 * link, an account's set-password link; never stored), its event and the event's overrides. The
 * workers send what this gives; an organiser's view of the mail log shows the same.
 */
@Injectable()
export class MailComposer {
  constructor(
    private readonly renderer: MailRenderer,
    private readonly contexts: MailContextService,
    private readonly invitations: InvitationsService,
    private readonly linkTokens: LinkTokens,
  ) {}

  /** `withholdAccountLinks`: a set-password link is left out (it would let the reader take over the recipient's account). */
  compose(mail: StoredMail, setup: EventMailSetup | undefined, options: { withholdAccountLinks?: boolean } = {}): OutgoingMail {
    if (!isMailTemplateName(mail.template)) throw new Error(`unknown template ${mail.template}`);
    // Mail about an account has no event: rendered without one, and without overrides.
    const accountMail = isAccountMailTemplate(mail.template);
    if (!setup && !accountMail) throw new Error(`the event ${mail.eventId} no longer exists`);
    // Secret links are derived now, never stored: an invitation's, a registrant's manage link, an account's set-password link.
    // Attachments (MailAttachments) are made by the delivery, not by the template.
    const {
      manageLinkFor,
      accountLinkFor,
      attachments: _attachments,
      ...data
    } = mail.data as {
      manageLinkFor?: string;
      accountLinkFor?: string;
      attachments?: unknown;
    };
    const links = {
      ...(mail.invitationId && setup ? { invitationUrl: this.invitations.linkFor(setup.context.registerUrl, mail.invitationId) } : {}),
      ...(manageLinkFor ? { manageUrl: this.linkTokens.manageUrl(this.contexts.publicUrl, manageLinkFor) } : {}),
      ...(accountLinkFor
        ? {
            // A focal point's portal sign-in link (src/accreditation) is `signInUrl`; the accounts' links set a password.
            [mail.template === 'portal_sign_in' ? 'signInUrl' : 'setPasswordUrl']: options.withholdAccountLinks
              ? WITHHELD_LINK
              : this.accountLinkUrl(mail.template, accountLinkFor),
          }
        : {}),
    };
    const context = { ...data, ...links, ...(setup ? { event: setup.context } : {}), publicUrl: this.contexts.publicUrl } as MailContext;
    const rendered = this.renderer.render(mail.template, context, accountMail ? {} : setup?.overrides.get(mail.template));
    return { id: mail.id, messageId: mail.messageId, to: { address: mail.toEmail, name: mail.toName ?? '' }, ...rendered };
  }

  private accountLinkUrl(template: MailTemplateName, accountTokenId: string): string {
    if (template === 'password_reset') return this.linkTokens.passwordResetUrl(this.contexts.publicUrl, accountTokenId);
    if (template === 'team_invitation') return this.linkTokens.teamInvitationUrl(this.contexts.publicUrl, accountTokenId);
    if (template === 'portal_sign_in') return this.linkTokens.portalSignInUrl(this.contexts.publicUrl, accountTokenId);
    throw new Error(`the ${template} template carries no set-password link`);
  }
}
