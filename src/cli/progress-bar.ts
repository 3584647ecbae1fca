export interface Progress {
  total: number;
  sent: number;
  failed: number;
  queued: number;
}

/** `[██████████░░░░░░░░░░]  52%  520/1000 sent · 3 failed · 477 queued` */
export function renderProgress({ total, sent, failed, queued }: Progress, width = 30): string {
  const done = sent + failed;
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * width);
  const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${percent}  ${done}/${total} done · ${sent} sent · ${failed} failed · ${queued} queued`;
}
