import type { Queue } from 'bullmq';
import type { AppConfig } from '@app/config';
import type { DigestRecipient, MemberMailRepository } from '@app/members';
import type { DigestScheduleJob, DigestSendJob } from '@app/queue';
import type { DigestDeliveriesRepository, NewDelivery } from './digest-deliveries.repository';
import { DigestScheduler } from './digest-scheduler';

/** Typed fakes: the repositories' methods the scheduler uses, kept in memory. */
function fakes(members: DigestRecipient[], runAt: Date) {
  const rows = new Map<string, NewDelivery>();
  const deliveries: Pick<
    DigestDeliveriesRepository,
    'runCreatedAt' | 'insertNew' | 'setEnqueued' | 'finishEnqueuing'
  > = {
    runCreatedAt: () => Promise.resolve(runAt),
    insertNew: (_run, _frequency, due) => {
      const fresh = due.filter((row) => !rows.has(`${row.memberId}|${row.period}`));
      for (const row of fresh) rows.set(`${row.memberId}|${row.period}`, row);
      return Promise.resolve(fresh.map((row) => ({ memberId: row.memberId, period: row.period })));
    },
    setEnqueued: () => Promise.resolve(),
    finishEnqueuing: () => Promise.resolve(),
  };
  const recipients: Pick<MemberMailRepository, 'digestRecipients'> = {
    digestRecipients: (_frequency, afterId, limit) =>
      Promise.resolve(members.filter((m) => m.id > afterId).slice(0, limit)),
  };
  const jobs: string[] = [];
  const sendQueue = {
    addBulk: (list: { opts: { jobId: string } }[]) => {
      jobs.push(...list.map((job) => job.opts.jobId));
      return Promise.resolve([]);
    },
  };
  const scheduler = new DigestScheduler(
    deliveries as DigestDeliveriesRepository,
    recipients as MemberMailRepository,
    { DIGEST_BATCH_SIZE: 2 } as AppConfig,
    {} as Queue<DigestScheduleJob>,
    sendQueue as unknown as Queue<DigestSendJob>,
  );
  return { scheduler, rows, jobs };
}

const member = (id: string, extra: Partial<DigestRecipient> = {}): DigestRecipient => ({
  id,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  timeZone: 'Asia/Tokyo',
  sendWeekday: 1,
  sendHour: 8,
  ...extra,
});

describe('DigestScheduler.enqueueDue (with typed fakes of its repositories)', () => {
  // Friday 2026-12-04 12:00 in Tokyo.
  const now = new Date('2026-12-04T03:00:00Z');

  it('walks every batch and enqueues each member once for their own period', async () => {
    const { scheduler, rows, jobs } = fakes(
      [member('a'), member('b', { timeZone: 'Europe/Berlin' }), member('c', { sendWeekday: 5, sendHour: 9 })],
      now,
    );
    expect(await scheduler.enqueueDue('run', 'weekly', false)).toBe(3);
    expect(jobs).toEqual(['digest:a:2026-W49', 'digest:b:2026-W49', 'digest:c:2026-W49']);
    // Friday 09:00 in Tokyo is before noon today: the week ending today.
    expect(rows.get('c|2026-W49')?.periodEnd).toEqual(new Date('2026-12-04T00:00:00Z'));

    expect(await scheduler.enqueueDue('run', 'weekly', false)).toBe(0);
    expect(jobs).toHaveLength(3);
  });

  it('leaves out members who joined after their period ended', async () => {
    const { scheduler, jobs } = fakes([member('late', { createdAt: new Date('2026-12-02T00:00:00Z') })], now);
    expect(await scheduler.enqueueDue('run', 'weekly', false)).toBe(0);
    expect(jobs).toEqual([]);
    // An admin's run ends now: they are due for that one.
    expect(await scheduler.enqueueDue('run', 'weekly', true)).toBe(1);
  });
});
