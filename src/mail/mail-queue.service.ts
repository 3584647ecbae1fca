import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PgBoss from 'pg-boss';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent } from 'typeorm';
import { AppConfig } from '../config/app-config';

export const MAIL_QUEUE = 'mail';

/** A queue job is a mail: the job id is the mail_message id, and the job carries no data of its own. */
export type MailJob = PgBoss.JobWithMetadata<object>;

/** Marks a transaction that enqueued mail, so its commit wakes this instance's workers. */
const ENQUEUED = 'plenary:mail-enqueued';

/** The query runner of the transaction `manager` belongs to; mail is only ever enqueued inside one. */
export function transactionOf(manager: EntityManager): QueryRunner {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('Mail must be enqueued inside a transaction: dataSource.transaction((manager) => mail.enqueue(manager, …))');
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

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() dataSource: DataSource,
  ) {
    this.boss = new PgBoss({
      connectionString: (dataSource.options as { url?: string }).url,
      max: config.MAIL_WORKER_CONCURRENCY + 2,
      application_name: 'plenary-mail',
      schedule: false,
      // Maintenance (handing out again the jobs of a crashed instance) runs where mail is sent.
      supervise: config.MAIL_WORKER_CONCURRENCY > 0,
      maintenanceIntervalSeconds: config.MAIL_QUEUE_MAINTENANCE_SECONDS,
      // Defaults of every job this instance enqueues.
      retryLimit: config.MAIL_MAX_ATTEMPTS - 1,
      retryDelay: config.MAIL_RETRY_DELAY_SECONDS,
      retryBackoff: true,
      expireInSeconds: config.MAIL_SEND_TIMEOUT_SECONDS,
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
    await this.boss.createQueue(MAIL_QUEUE, { name: MAIL_QUEUE, policy: 'standard' });
  }

  /**
   * Adds one job per mail, on the transaction of `manager`: if it rolls back, no job exists.
   * Throws if a job was not written (pg-boss drops jobs of an unknown queue silently).
   */
  async add(manager: EntityManager, mailIds: string[]): Promise<void> {
    if (mailIds.length === 0) return;
    const runner = transactionOf(manager);
    let written = 0;
    const db = {
      executeSql: async (text: string, values: unknown[]) => {
        const result = await runner.query(text, values, true);
        written = result.affected ?? 0;
        return { rows: result.records ?? [] };
      },
    };
    await this.boss.insert(
      mailIds.map((id) => ({ id, name: MAIL_QUEUE })),
      { db },
    );
    if (written !== mailIds.length) throw new Error(`The mail queue accepted ${written} of ${mailIds.length} jobs`);
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
      workerId = await this.boss.work<object>(MAIL_QUEUE, { batchSize, includeMetadata: true, pollingIntervalSeconds: interval / 1000 }, async (jobs) => {
        await handler(jobs);
        // A full batch means more is waiting: fetch again now instead of after the polling interval.
        if (jobs.length === batchSize) this.boss.notifyWorker(workerId);
      });
      this.workerIds.push(workerId);
    }
  }

  /** Gives jobs back to the queue (the reason is in the delivery log): pg-boss retries them with exponential backoff, or marks them failed when their attempts are used up. */
  async retryLater(jobIds: string[]): Promise<void> {
    if (jobIds.length > 0) await this.boss.fail(MAIL_QUEUE, jobIds);
  }

  /** Wakes this instance's idle workers (after a commit that enqueued mail), instead of waiting for their next poll. */
  wake(): void {
    for (const id of this.workerIds) this.boss.notifyWorker(id);
  }

  /** On shutdown: no new jobs are taken; jobs in hand get until the timeout to finish, then go back to the queue. */
  async beforeApplicationShutdown(): Promise<void> {
    const timeout = Math.min(this.config.MAIL_SEND_TIMEOUT_SECONDS, 30) * 1000;
    await this.boss.stop({ graceful: true, wait: true, timeout });
  }
}
