import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PgBoss from 'pg-boss';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { MAIL_QUEUE, MailJobDefaults, mailJobsAgainFrom, mailJobsFrom } from './job-sql';
import { createQueueInTurn } from './queue-creation';

export { MAIL_QUEUE };

/** A queue job is a mail: the job id is the mail_message id, and the job carries no data of its own. */
export type MailJob = PgBoss.JobWithMetadata<object>;

/** How long wakes are gathered before the workers are woken (mail waits at most this long, plus sending). */
const WAKE_GATHER_MS = 50;

/** Marks a transaction that enqueued mail, so its commit wakes this instance's workers. */
const ENQUEUED = 'plenary:mail-enqueued';

/** The query runner of the transaction `manager` belongs to; mail is only ever enqueued inside one. */
export function transactionOf(manager: EntityManager): QueryRunner {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive)
    throw new Error('Mail must be enqueued inside a transaction: dataSource.transaction((manager) => mail.enqueue(manager, …))');
  return runner;
}

/**
 * The mail queue: pg-boss on Plenary's own PostgreSQL (schema `pgboss`, created by pg-boss). Jobs
 * are inserted on the caller's transaction, so they exist exactly when the change that caused them
 * commits. Every instance starts it; workers in all instances share it (SKIP LOCKED), and a job
 * held by an instance that died is handed out again once MAIL_SEND_TIMEOUT_SECONDS have passed.
 */
@Injectable()
export class MailQueue implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(MailQueue.name);
  private readonly boss: PgBoss;
  private readonly workerIds: string[] = [];
  private wakeTimer?: NodeJS.Timeout;
  /** Validated integers from the configuration, so safe to write into SQL. */
  private readonly jobDefaults: MailJobDefaults;

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.jobDefaults = {
      retryLimit: Math.trunc(config.MAIL_MAX_ATTEMPTS - 1),
      retryDelay: Math.max(1, Math.trunc(config.MAIL_RETRY_DELAY_SECONDS)),
      expireInSeconds: Math.trunc(config.MAIL_SEND_TIMEOUT_SECONDS),
    };
    this.boss = new PgBoss({
      connectionString: (dataSource.options as { url?: string }).url,
      max: config.MAIL_WORKER_CONCURRENCY + 2,
      application_name: 'plenary-mail',
      schedule: false,
      // Maintenance (handing out again the jobs of a crashed instance) runs where mail is sent.
      supervise: config.MAIL_WORKER_CONCURRENCY > 0,
      maintenanceIntervalSeconds: config.MAIL_QUEUE_MAINTENANCE_SECONDS,
    });
    this.boss.on('error', (error) => this.logger.error({ err: error }, 'Mail queue error'));
    const wakeOnCommit: EntitySubscriberInterface = {
      afterTransactionCommit: (event: TransactionCommitEvent) => {
        if (event.queryRunner.data?.[ENQUEUED]) this.wake();
      },
    };
    dataSource.subscribers.push(wakeOnCommit);
  }

  async onModuleInit(): Promise<void> {
    await this.boss.start();
    await createQueueInTurn(this.dataSource, this.boss, MAIL_QUEUE, { name: MAIL_QUEUE, policy: 'standard' });
  }

  /**
   * SQL that adds one queue job per id in `mailIds` (an SQL query yielding a column `id`, e.g. a
   * data-modifying CTE's RETURNING), so a feature can enqueue in the same statement as its change: the
   * jobs exist exactly when that statement's transaction commits (see job-sql.ts).
   */
  jobsFrom(mailIds: string): string {
    return mailJobsFrom(mailIds, this.jobDefaults);
  }

  /** As `jobsFrom`, for mails that had a job before (a failed mail sent again): their jobs are put back in the queue. */
  jobsAgainFrom(mailIds: string): string {
    return mailJobsAgainFrom(mailIds, this.jobDefaults);
  }

  /** After a transaction that enqueued mail commits, this instance's workers wake (within WAKE_GATHER_MS). */
  markEnqueued(manager: EntityManager): void {
    const runner = transactionOf(manager);
    runner.data = { ...runner.data, [ENQUEUED]: true };
  }

  /**
   * Starts MAIL_WORKER_CONCURRENCY workers, each taking up to MAIL_BATCH_SIZE jobs at a time. The
   * handler settles every job it does not want completed (see `retryLater`); the others complete.
   */
  async work(handler: (jobs: MailJob[]) => Promise<void>): Promise<void> {
    const { MAIL_WORKER_CONCURRENCY: concurrency, MAIL_BATCH_SIZE: batchSize, MAIL_POLL_INTERVAL_MS: interval } = this.config;
    for (let index = 0; index < concurrency; index++) {
      let workerId = '';
      workerId = await this.boss.work<object>(
        MAIL_QUEUE,
        { batchSize, includeMetadata: true, pollingIntervalSeconds: interval / 1000 },
        async (jobs) => {
          await handler(jobs);
          // A full batch means more is waiting: fetch again now instead of after the polling interval.
          if (jobs.length === batchSize) this.boss.notifyWorker(workerId);
        },
      );
      this.workerIds.push(workerId);
    }
  }

  /** Gives jobs back to the queue (the reason is in the delivery log): pg-boss retries them with exponential backoff, or marks them failed when their attempts are used up. */
  async retryLater(jobIds: string[]): Promise<void> {
    if (jobIds.length > 0) await this.boss.fail(MAIL_QUEUE, jobIds);
  }

  /** Wakes this instance's idle workers (after a commit that enqueued mail), instead of waiting for their next poll. */
  wake(): void {
    // Wakes are gathered for a moment: during a rush of registrations, one fetch takes a batch of
    // mails instead of one fetch per registration.
    if (this.wakeTimer) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      for (const id of this.workerIds) this.boss.notifyWorker(id);
    }, WAKE_GATHER_MS).unref();
  }

  /** On shutdown: no new jobs are taken; jobs in hand get until the timeout to finish, then go back to the queue. */
  async beforeApplicationShutdown(): Promise<void> {
    const timeout = Math.min(this.config.MAIL_SEND_TIMEOUT_SECONDS, 30) * 1000;
    await this.boss.stop({ graceful: true, wait: true, timeout });
  }
}
