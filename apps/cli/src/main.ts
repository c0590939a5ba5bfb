import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ActivityRollup } from '@app/activity';
import { isRole, ROLES } from '@app/auth';
import { DIGEST_FREQUENCIES, DigestScheduler, type DigestRunDto } from '@app/digest';
import { AccountsService } from '@app/members';
import type { DigestFrequency } from '@app/queue';
import { CliModule } from './cli.module';
import { DemoHistory } from './demo-history';
import { DEMO_MEMBERS, DEMO_PASSWORD, DemoSeeder } from './demo-seeder';

const USAGE = `usage:
  npm run cli -- members:promote EMAIL ${ROLES.join('|')}
  npm run cli -- demo:seed
  npm run cli -- demo:history
  npm run cli -- activity:backfill
  npm run cli -- digests:run ${DIGEST_FREQUENCIES.join('|')} [--wait]`;

/** How long `digests:run --wait` waits for the worker to send the run's digests. */
const RUN_WAIT_MS = 60_000;

type Command = (
  app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>,
  args: string[],
) => Promise<string>;

const commands: Record<string, Command> = {
  'members:promote': async (app, [email, role]) => {
    if (!email || !role || !isRole(role)) throw new UsageError();
    const member = await app.get(AccountsService).setRole(email, role);
    return `${member.email} is now ${member.role}`;
  },
  'demo:seed': async (app) => {
    const { created, updated, themes, messages, events, projects } = await app.get(DemoSeeder).seed();
    // The demo's history (messages, reactions, RSVPs dated in the past) counted as engagement at once.
    const engaged = await app.get(ActivityRollup).backfill();
    const people = DEMO_MEMBERS.map((m) => `  ${m.email.padEnd(40)} ${m.role.padEnd(12)} ${m.displayName}`);
    return [
      `demo data: members ${created} created, ${updated} refreshed; ${themes} themes; ${messages} new messages; ${events} new events; ${projects} new projects; ${engaged} member-days newly engaged`,
      `password for all: ${DEMO_PASSWORD}`,
      ...people,
    ].join('\n');
  },
  'demo:history': async (app) => {
    const { members, participants, days, events, rsvps, digests } = await app.get(DemoHistory).add();
    return `demo history: ${members} past members added, ${participants} alumni added to the 2021 CxO Lab projects, ${days} member-days of activity written, ${events} past events with ${rsvps} answers, ${digests} past weekly digests`;
  },
  'activity:backfill': async (app) => {
    const engaged = await app.get(ActivityRollup).backfill();
    return `activity: ${engaged} member-days newly marked engaged from all history (the rest were already)`;
  },
  'digests:run': async (app, [frequency, ...flags]) => {
    if (!frequency || !isDigestFrequency(frequency) || flags.some((flag) => flag !== '--wait')) {
      throw new UsageError();
    }
    const scheduler = app.get(DigestScheduler);
    // Like POST /api/admin/digests/run, with no admin behind it: still at most one per member and period.
    const run = await scheduler.startAdminRun(frequency, null);
    if (!flags.length) {
      return `digest run ${run.id} (${frequency}) started: the worker enqueues and sends it (progress: GET /api/admin/digests/runs)`;
    }
    return describeRun(await waitForRun(scheduler, run.id));
  },
};

function isDigestFrequency(value: string): value is DigestFrequency {
  return (DIGEST_FREQUENCIES as readonly string[]).includes(value);
}

/** Polls the run until the worker has enqueued everyone due and nothing is waiting or being sent. */
async function waitForRun(scheduler: DigestScheduler, id: string): Promise<DigestRunDto> {
  const deadline = Date.now() + RUN_WAIT_MS;
  for (;;) {
    const [run] = await scheduler.runs(1, id);
    if (run.enqueuingDone && run.pending === 0) return run;
    if (Date.now() > deadline) {
      throw new Error(
        `digest run ${id} is still going after ${RUN_WAIT_MS / 1000} s (${run.enqueued} enqueued, ${run.pending} pending, ` +
          `${run.sent} sent): is the worker running, and does SMTP_URL accept mail?`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function describeRun(run: DigestRunDto): string {
  if (run.enqueued === 0) {
    return (
      `digest run ${run.id} (${run.frequency}): nobody was due. A member gets at most one ${run.frequency} digest ` +
      `per period, so those who already had this one get none now.`
    );
  }
  return `digest run ${run.id} (${run.frequency}): ${run.sent} sent, ${run.skipped} skipped (nothing new for them), ${run.failed} failed`;
}

class UsageError extends Error {}

async function main([name, ...args]: string[]): Promise<void> {
  const command = name ? commands[name] : undefined;
  if (!command) throw new UsageError();
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    process.stdout.write(`${await command(app, args)}\n`);
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(
    error instanceof UsageError
      ? `${USAGE}\n`
      : `${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(error instanceof UsageError ? 2 : 1);
});
