import { Command, CommandRunner, Option } from 'nest-commander';
import { isUuid } from '../common/uuid';
import { MailingsService } from '../mail/mailings.service';
import { renderProgress } from './progress-bar';

const POLL_MS = 500;

/** `mailing:status <id>`: a live progress bar until every mail of the mailing is sent or failed. */
@Command({
  name: 'mailing:status',
  arguments: '<id>',
  description: 'Show the progress of a mailing until it completes (--once: print it once)',
})
export class MailingStatusCommand extends CommandRunner {
  constructor(private readonly mailings: MailingsService) {
    super();
  }

  async run([id]: string[], options: { once?: boolean }): Promise<void> {
    if (!isUuid(id)) throw new Error(`Not a mailing id: ${String(id)}`);
    const live = process.stdout.isTTY === true && !options.once;
    let last = '';
    for (;;) {
      const progress = await this.mailings.progress(id);
      if (!progress) throw new Error(`No mailing ${id}`);
      const line = renderProgress(progress);
      // On a terminal the bar redraws in place; in a pipe or a log, each change is a line of its own.
      if (live) process.stdout.write(`\r${line}`);
      else if (line !== last) console.log(line);
      last = line;
      if (progress.status === 'completed' || options.once) break;
      await new Promise((done) => setTimeout(done, POLL_MS));
    }
    if (live) process.stdout.write('\n');
    const progress = (await this.mailings.progress(id))!;
    if (!options.once)
      console.log(
        `Mailing ${id} (${progress.template}) ${progress.status}: ${progress.sent} sent, ${progress.failed} failed of ${progress.total}`,
      );
  }

  @Option({ flags: '--once', description: 'Print the current progress and exit' })
  parseOnce(): boolean {
    return true;
  }
}
