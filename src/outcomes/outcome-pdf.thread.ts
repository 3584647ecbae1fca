/**
 * The outcome PDF's rendering thread (worker_threads) of OutcomePdfRenderer: laying out a long document
 * (fonts, bidi, shaping, pdfkit) is seconds of CPU, which here stay off the main thread's event loop.
 */
import { parentPort } from 'node:worker_threads';
import { OutcomePdfInput, renderOutcomePdf } from './outcome-pdf';

export interface RenderRequest {
  ticket: number;
  input: OutcomePdfInput;
}

export type RenderResult = { ticket: number; pdf: Uint8Array } | { ticket: number; error: string };

parentPort!.on('message', (request: RenderRequest) => {
  renderOutcomePdf(request.input).then(
    (pdf) => parentPort!.postMessage({ ticket: request.ticket, pdf } satisfies RenderResult),
    (error: unknown) =>
      parentPort!.postMessage({
        ticket: request.ticket,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      } satisfies RenderResult),
  );
});
