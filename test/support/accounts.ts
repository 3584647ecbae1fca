import { eventually } from './mailings';
import type { SinkMessage, SmtpSink } from './smtp';

/** Waits for the newest message the sink received for `email` after `after` messages to it. */
export async function nextMailTo(sink: SmtpSink, email: string, after = 0): Promise<SinkMessage> {
  return eventually(
    async () => {
      const messages = (await sink.messages()).filter((message) => message.envelopeTo.includes(email));
      return messages.length > after ? messages[messages.length - 1] : undefined;
    },
    30_000,
    `mail number ${after + 1} to ${email}`,
  );
}

/** The token of the console link (`/console/password/reset/<token>` or `/console/invitations/<token>`) in a mail, checked to be the same in both parts. */
export function consoleLinkToken(message: SinkMessage, path: 'password/reset' | 'invitations'): string {
  const pattern = new RegExp(`https://plenary\\.example\\.org/console/${path}/([A-Za-z0-9_-]{43})`);
  const inText = pattern.exec(message.text ?? '')?.[1];
  const inHtml = pattern.exec(message.html ?? '')?.[1];
  if (!inText || inText !== inHtml) throw new Error(`no /console/${path}/ link in both parts of "${message.subject}"`);
  return inText;
}
