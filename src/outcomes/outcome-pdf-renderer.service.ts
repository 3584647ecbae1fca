import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { OutcomePdfInput } from './outcome-pdf';
import type { RenderRequest, RenderResult } from './outcome-pdf.thread';

/**
 * Renders outcome PDFs in a thread of their own (outcome-pdf.thread.ts), one after another, so that
 * rendering never blocks the requests the main thread serves. The thread starts on the first render and
 * again after it dies (the renders it held fail).
 */
@Injectable()
export class OutcomePdfRenderer implements OnModuleDestroy {
  private readonly logger = new Logger(OutcomePdfRenderer.name);
  private worker: Worker | undefined;
  private nextTicket = 0;
  private readonly waiting = new Map<number, { resolve(pdf: Buffer): void; reject(error: Error): void }>();

  render(input: OutcomePdfInput): Promise<Buffer> {
    const worker = this.worker ?? this.start();
    const ticket = ++this.nextTicket;
    return new Promise<Buffer>((resolve, reject) => {
      this.waiting.set(ticket, { resolve, reject });
      worker.postMessage({ ticket, input } satisfies RenderRequest);
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(join(__dirname, 'outcome-pdf.thread.js'));
    this.worker = worker;
    worker.on('message', (result: RenderResult) => {
      const waiter = this.waiting.get(result.ticket);
      this.waiting.delete(result.ticket);
      if ('error' in result) waiter?.reject(new Error(`Rendering the outcome PDF failed: ${result.error}`));
      else waiter?.resolve(Buffer.from(result.pdf.buffer, result.pdf.byteOffset, result.pdf.byteLength));
    });
    worker.on('error', (error) => this.logger.error({ err: error }, 'The outcome PDF thread failed'));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiter of this.waiting.values()) waiter.reject(new Error(`The outcome PDF thread stopped (exit code ${code})`));
      this.waiting.clear();
    });
    return worker;
  }
}
