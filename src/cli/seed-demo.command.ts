import { Command, CommandRunner } from 'nest-commander';
import { DemoSeedService } from '../demo/demo-seed.service';
import { printDemoSummary } from '../demo/demo-summary';

@Command({ name: 'seed:demo', description: 'Create the Islamabad demo events, agenda, delegations and organiser (idempotent)' })
export class SeedDemoCommand extends CommandRunner {
  constructor(private readonly demo: DemoSeedService) {
    super();
  }

  async run(): Promise<void> {
    const result = await this.demo.seed((step) => console.log(step));
    console.log(result.created.length ? `Created: ${result.created.join(', ')}` : 'The demo is already in place: nothing to do');
    printDemoSummary(result, (line) => console.log(line));
  }
}
