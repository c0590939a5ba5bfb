/** The app's own Redis client (rate limits, presence…); BullMQ opens its own connections. */
export const REDIS = Symbol('REDIS');
