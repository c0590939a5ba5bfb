/**
 * Redis killed and restarted, then PostgreSQL stopped and started, while members chat through the built
 * api (with the built worker running against the same services). Every send must be answered (an ack or
 * an error ack, never silence), nothing acked may be lost or stored twice, /api/health must say 503
 * during the outage and 200 after it, and sends must work again once the service is back.
 */
import type { Socket } from 'socket.io-client';
import type { PrivateService } from '@test/support';
import type { Channel } from '../e2e/api-types';
import { kanjiTag, newCoordinator, newMember, startSalon, type Salon, type SignedUp } from '../e2e/fixture';
import type { ApiClient } from '../e2e/http';
import { connectChat, eventually, joinOk, sleep } from '../e2e/chat-client';
import {
  ACK_TIMEOUT_MS,
  checkStored,
  countOutcomes,
  errorCodes,
  followedChannel,
  resendUnacked,
  slowestAnswerMs,
  startChatLoad,
} from './chat-load';
import {
  report,
  startFaultEnvironment,
  stillRunning,
  watchHealth,
  type FaultEnvironment,
  type HealthSample,
} from './fault-environment';

/** How long each service stays down. */
const OUTAGE_MS = 3000;
const MEMBERS = 4;
/** Pause between one member's sends: ~4 members × 40/s, a busy salon that leaves CPU for the services. */
const PAUSE_MS = 25;

let env: FaultEnvironment;
let salon: Salon;
let http: ApiClient;
let coordinator: SignedUp;
let members: SignedUp[] = [];
let sockets: Socket[] = [];

beforeAll(async () => {
  env = await startFaultEnvironment();
  salon = await startSalon({
    tag: 'chat',
    worker: true,
    env: {
      // The load is continuous sends from a few sockets: no send or event limit may shape it.
      CHAT_RATE_LIMIT_MESSAGES: '100000',
      SOCKET_EVENT_BURST: '100000',
      SOCKET_EVENT_RATE_PER_SECOND: '100000',
      LOGIN_RATE_LIMIT_PER_IP: '1000',
    },
  });
  http = salon.client;
  coordinator = await newCoordinator(http, `障害 調整${kanjiTag()}`);
  members = await Promise.all(
    Array.from({ length: MEMBERS }, (_, i) => newMember(http, `話し手${i}${kanjiTag()}`)),
  );
  sockets = await Promise.all(members.map((member) => connectChat(salon.url, member.accessToken)));
}, 120_000);

afterAll(async () => {
  await salon?.stop();
  await env?.teardown();
}, 60_000);

/** A theme of the scenario's own that every member follows and has joined: its rows are the scenario's sends. */
async function freshChannel(): Promise<Channel> {
  const channel = await followedChannel(http, coordinator, members, '障害試験の部屋');
  for (const socket of sockets) await joinOk(socket, channel.id);
  return channel;
}

/**
 * Chat, take the service down for OUTAGE_MS (stopped with `signal`), bring it back, chat on until a send
 * started after the restart is acked; then resend what got no ok ack (as a client would) and compare with
 * the database. The service is started again even when a step fails, so the next scenario finds it up.
 */
async function outageDuringChat(
  scenario: string,
  service: PrivateService,
  signal: NodeJS.Signals,
): Promise<void> {
  const channel = await freshChannel();
  const health = watchHealth(salon.url);
  const load = startChatLoad(sockets, channel.id, PAUSE_MS, scenario);
  let downAt: number;
  let upAt: number;
  let serving: number;
  let unhealthy: HealthSample;
  let healthy: HealthSample;
  try {
    await eventually(() => countOutcomes(load.records).ok >= 40, 'chat under way', 15_000);
    downAt = Date.now();
    await service.stop(signal);
    unhealthy = await health.until(503, downAt, 15_000);
    await sleep(Math.max(0, downAt + OUTAGE_MS - Date.now()));
    upAt = Date.now();
    await service.start();
    serving = Date.now();
    healthy = await health.until(200, serving, 30_000);
    await eventually(
      () => load.records.some((record) => record.outcome === 'ok' && record.startedAt >= serving),
      'a send acked after the restart',
      30_000,
    );
    await sleep(500);
  } finally {
    await load.stop();
    await health.stop();
    if (!service.running) await service.start();
  }
  const firstOkAfter = load.records
    .filter((record) => record.outcome === 'ok' && record.startedAt >= serving)
    .reduce((first, record) => Math.min(first, record.endedAt), Infinity);

  const records = load.records;
  const during = records.filter((record) => record.startedAt >= downAt && record.startedAt < serving);
  const outcomes = countOutcomes(records);
  const beforeResend = await checkStored(env, channel.id, records);
  const retries = await resendUnacked(channel.id, records);
  const check = await checkStored(env, channel.id, [...records, ...retries]);
  const unhealthySamples = health.samples.filter((sample) => sample.status !== 200);

  report(scenario, {
    sends: records.length,
    'acked ok': outcomes.ok,
    'error acks': `${outcomes.error} (${errorCodes(records)})`,
    [`no answer within ${ACK_TIMEOUT_MS} ms (hung)`]: outcomes['no-ack'],
    'answer cut by a disconnect': outcomes.disconnected,
    'sends started during the outage': during.length,
    'sends during the outage acked ok': during.filter((record) => record.outcome === 'ok').length,
    'slowest answer (ms)': slowestAnswerMs(records),
    'outage: stopped → started (ms)': upAt - downAt,
    'health 503 after the stop (ms)': unhealthy.at - downAt,
    'health 200 after the start (ms)': healthy.at - serving,
    'first ok ack after the start (ms)': firstOkAfter - serving,
    'health samples not 200': unhealthySamples.length,
    'resent after recovery (same client id)': retries.length,
    'resends acked ok': retries.filter((record) => record.outcome === 'ok').length,
    'sends answered with an error but stored': beforeResend.storedWithoutOkAck,
    'acked messages in the database': `${check.acked - check.lost.length} of ${check.acked}`,
    lost: check.lost.length,
    duplicated: check.duplicated.length,
  });

  const hung = records.filter((record) => record.outcome === 'no-ack');
  expect(hung.map(({ clientMessageId, startedAt }) => ({ clientMessageId, startedAt }))).toEqual([]);
  expect(outcomes.disconnected).toBe(0);
  expect(check.lost).toEqual([]);
  expect(check.duplicated).toEqual([]);
  // Every send was eventually stored exactly once: the resends were all acked and nothing else is there.
  expect(retries.filter((record) => record.outcome !== 'ok').map((record) => record.code)).toEqual([]);
  expect(check.stored).toBe(check.acked);
  expect(unhealthy.status).toBe(503);
  expect(healthy.status).toBe(200);
  expect(stillRunning(salon.api)).toBe(true);
  expect(stillRunning(salon.worker)).toBe(true);
}

it(`loses and doubles no acked message when Redis is killed for ${OUTAGE_MS / 1000} s and restarted empty during chat, and answers every send`, async () => {
  await outageDuringChat('Redis killed (SIGKILL) and restarted empty during chat', env.redis, 'SIGKILL');
}, 120_000);

it(`loses and doubles no acked message when PostgreSQL is stopped for ${OUTAGE_MS / 1000} s and started during sends, and answers every send`, async () => {
  await outageDuringChat(
    'PostgreSQL stopped (fast shutdown) and started during sends',
    env.postgres,
    'SIGINT',
  );
}, 120_000);
