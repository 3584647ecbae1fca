/** MAIL_SMTP_POOL_SIZE connections shared out among at most MAIL_SENDER_THREADS threads, each with at least one. */
export function connectionsPerThread(poolSize: number, threads: number): number[] {
  const count = Math.min(poolSize, threads);
  return Array.from({ length: count }, (_, index) => Math.floor(poolSize / count) + (index < poolSize % count ? 1 : 0));
}
