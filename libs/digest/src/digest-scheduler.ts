import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { MemberMailRepository } from '@app/members';
import {
  QUEUES,
  digestJobId,
  restoreOnReconnect,
  type DigestFrequency,
  type DigestScheduleJob,
  type DigestSendJob,
} from '@app/queue';
import { DigestDeliveriesRepository, type NewDelivery } from './digest-deliveries.repository';
import { DIGEST_FREQUENCIES, duePeriod, type DuePeriod } from './digest-period';
import type { DigestRunDto } from './dto/digest-run.dto';

/** Finds the members whose digest is due and enqueues one job each; also what admins see of runs. */
@Injectable()
export class DigestScheduler {
  private readonly logger = new Logger(DigestScheduler.name);

  constructor(
    private readonly deliveries: DigestDeliveriesRepository,
    private readonly members: MemberMailRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QUEUES.digestSchedule) private readonly scheduleQueue: Queue<DigestScheduleJob>,
    @InjectQueue(QUEUES.digestSend) private readonly sendQueue: Queue<DigestSendJob>,
  ) {}

  /**
   * Creates the ticker, and creates it again whenever the queue's Redis connection comes back: the job
   * scheduler lives only in Redis, and a Redis that restarted without its data has lost it.
   */
  keepTicker(): Promise<void> {
    return restoreOnReconnect(this.scheduleQueue, 'the digest ticker', () => this.ensureTicker());
  }

  /** One tick: clean up after crashes, then enqueue everyone due, per frequency. */
  async tick(): Promise<void> {
    const interrupted = await this.deliveries.closeInterrupted();
    if (interrupted) this.logger.warn({ count: interrupted }, 'digests interrupted while sending');
    await this.enqueue(await this.deliveries.stranded(10_000));
    for (const frequency of DIGEST_FREQUENCIES) {
      const run = await this.deliveries.createRun(frequency, 'schedule', null);
      const enqueued = await this.enqueueDue(run.id, frequency, false);
      // A tick that found nobody is not worth a line in the admins' list.
      if (enqueued === 0) await this.deliveries.deleteRun(run.id);
    }
  }

  /**
   * An admin's run: recorded now, enqueued by the worker (it may be 100,000 members). `adminId` is
   * null when an operator starts it from the cli.
   */
  async startAdminRun(frequency: DigestFrequency, adminId: string | null): Promise<DigestRunDto> {
    const run = await this.deliveries.createRun(frequency, 'admin', adminId);
    await this.scheduleQueue.add(
      'run',
      { kind: 'run', runId: run.id, frequency },
      { jobId: `run-${run.id}` },
    );
    return (await this.runs(1, run.id))[0];
  }

  /**
   * Walks the members with that frequency in keyset batches; for each batch, works out every member's
   * period in their own zone (duePeriod: weekly by ISO weekday and hour, daily by hour; an admin run's
   * period ends now), inserts the delivery rows that do not exist yet and enqueues exactly those. "Now"
   * is when the run was recorded, the same instant for every batch (and for a retry): a run's members then
   * share one window, so each theme's summary is computed once per run. Returns how many were enqueued.
   */
  async enqueueDue(runId: string, frequency: DigestFrequency, endsNow: boolean): Promise<number> {
    const now = await this.deliveries.runCreatedAt(runId);
    const periods = new Map<string, DuePeriod | null>();
    let cursor = '00000000-0000-0000-0000-000000000000';
    let enqueued = 0;
    for (;;) {
      const batch = await this.members.digestRecipients(frequency, cursor, this.config.DIGEST_BATCH_SIZE);
      if (!batch.length) break;
      cursor = batch[batch.length - 1].id;
      const due = batch.flatMap((member): NewDelivery[] => {
        // Members mostly share a zone and a send time: each distinct one is worked out once per run.
        const key = `${member.timeZone}|${member.sendWeekday}|${member.sendHour}`;
        let period = periods.get(key);
        if (period === undefined) {
          period = duePeriod(frequency, { ...member, joinedAt: new Date(0) }, now, endsNow);
          periods.set(key, period);
        }
        // Members who joined after the period ended are not due for it.
        return period && period.end > member.createdAt
          ? [{ memberId: member.id, period: period.key, periodStart: period.start, periodEnd: period.end }]
          : [];
      });
      const fresh = await this.deliveries.insertNew(runId, frequency, due);
      await this.enqueue(fresh);
      enqueued += fresh.length;
      await this.deliveries.setEnqueued(runId, enqueued);
    }
    await this.deliveries.finishEnqueuing(runId);
    if (enqueued) this.logger.log({ runId, frequency, enqueued }, 'digests enqueued');
    return enqueued;
  }

  /** Newest first, with the state of each run's digests. */
  runs(limit = 20, id?: string): Promise<DigestRunDto[]> {
    return this.deliveries.runs(limit, id);
  }

  /** Idempotent: a restart or a second worker updates the same scheduler instead of adding one. */
  private async ensureTicker(): Promise<void> {
    await this.scheduleQueue.upsertJobScheduler(
      'digest-tick',
      { every: this.config.DIGEST_TICK_SECONDS * 1000 },
      { name: 'tick', data: { kind: 'tick' } },
    );
  }

  /** Job ids are deterministic (one per member and period): enqueuing a live job again adds nothing. */
  private async enqueue(rows: { memberId: string; period: string }[]): Promise<void> {
    if (!rows.length) return;
    await this.sendQueue.addBulk(
      rows.map((row) => ({
        name: 'send',
        data: { memberId: row.memberId, period: row.period },
        opts: { jobId: digestJobId(row.memberId, row.period) },
      })),
    );
  }
}
