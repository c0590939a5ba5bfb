import { Global, Injectable, Logger, Module } from '@nestjs/common';

/** An event class: a domain's record that something happened (`new MessageCreated(...)`). */
export type DomainEventType<T extends object> = abstract new (...args: never[]) => T;
export type DomainEventHandler<T extends object> = (event: T) => void | Promise<void>;

/**
 * The in-process bus of domain events. A service publishes what happened (`MessageCreated`,
 * `EventChanged`, …) and the parts that react subscribe — the realtime layer, the announcer, reminders,
 * mails — so no caller has to remember a side effect. `publish` runs every subscriber in the order they
 * subscribed and resolves once all have finished: a side effect is part of the operation (an event's
 * announcement is posted before the api answers). A subscriber that fails does not stop the others; the
 * first failure is then rethrown to the publisher.
 */
@Injectable()
export class DomainEvents {
  private readonly logger = new Logger(DomainEvents.name);
  private readonly handlers = new Map<DomainEventType<object>, DomainEventHandler<object>[]>();

  on<T extends object>(type: DomainEventType<T>, handler: DomainEventHandler<T>): void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler as DomainEventHandler<object>);
    this.handlers.set(type, list);
  }

  async publish(event: object): Promise<void> {
    const handlers = this.handlers.get(event.constructor as DomainEventType<object>) ?? [];
    let failure: Error | null = null;
    for (const handler of handlers) {
      try {
        await handler(event);
      } catch (error) {
        // The first failure reaches the publisher (and its error handling); later ones are logged here.
        if (failure === null) failure = error instanceof Error ? error : new Error(String(error));
        else
          this.logger.error(
            { err: error, event: event.constructor.name },
            'a domain event subscriber failed',
          );
      }
    }
    if (failure !== null) throw failure;
  }
}

/** Global: every domain publishes, and subscribers live in libs and apps alike. */
@Global()
@Module({ providers: [DomainEvents], exports: [DomainEvents] })
export class DomainEventsModule {}
