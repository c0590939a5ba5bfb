import { DomainEvents } from './domain-events';

class ThingHappened {
  constructor(readonly what: string) {}
}
class OtherThing {}

describe('DomainEvents', () => {
  it('runs the subscribers of an event type in order, and waits for them', async () => {
    const events = new DomainEvents();
    const seen: string[] = [];
    events.on(ThingHappened, async (event) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push(`first ${event.what}`);
    });
    events.on(ThingHappened, (event) => void seen.push(`second ${event.what}`));
    events.on(OtherThing, () => void seen.push('other'));

    await events.publish(new ThingHappened('x'));

    expect(seen).toEqual(['first x', 'second x']);
  });

  it('lets every subscriber run when one fails, then rejects with the first failure', async () => {
    const events = new DomainEvents();
    const seen: string[] = [];
    events.on(ThingHappened, () => {
      throw new Error('announcer down');
    });
    events.on(ThingHappened, () => void seen.push('mailer ran'));

    await expect(events.publish(new ThingHappened('y'))).rejects.toThrow('announcer down');
    expect(seen).toEqual(['mailer ran']);
  });

  it('does nothing for an event nobody subscribed to', async () => {
    await expect(new DomainEvents().publish(new OtherThing())).resolves.toBeUndefined();
  });
});
