import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { isRole, ROLES } from '@app/auth';
import { AccountsService } from '@app/members';
import { CliModule } from './cli.module';
import { DEMO_MEMBERS, DEMO_PASSWORD, DemoSeeder } from './demo-seeder';

const USAGE = `usage:
  npm run cli -- members:promote EMAIL ${ROLES.join('|')}
  npm run cli -- demo:seed`;

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
    const { created, updated, themes, messages, events } = await app.get(DemoSeeder).seed();
    const people = DEMO_MEMBERS.map((m) => `  ${m.email.padEnd(40)} ${m.role.padEnd(12)} ${m.displayName}`);
    return [
      `demo data: members ${created} created, ${updated} refreshed; ${themes} themes; ${messages} new messages; ${events} new events`,
      `password for all: ${DEMO_PASSWORD}`,
      ...people,
    ].join('\n');
  },
};

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
