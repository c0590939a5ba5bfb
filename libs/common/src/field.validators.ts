import { registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';

/** May be left out, but not sent as null (for fields that always have a value). */
export const OptionalNotNull = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined);

export function isTimeZone(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name that this runtime knows (e.g. `Asia/Tokyo`). */
export function IsTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `$property must be an IANA time zone such as Asia/Tokyo`, ...options },
      validator: { validate: isTimeZone },
    });
}

export const HTTP_URL = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };
