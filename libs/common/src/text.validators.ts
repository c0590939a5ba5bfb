import { Transform } from 'class-transformer';
import { registerDecorator, type ValidationOptions } from 'class-validator';

/** Characters as PostgreSQL's char_length counts them: code points (an emoji's variation selector counts). */
export function charCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/**
 * At most `max` characters, counted as the database's length checks count them. class-validator's MaxLength
 * skips variation selectors, so "❤️" × 26 would pass a 50 limit here and then break the table's CHECK.
 * The error code stays `maxLength`.
 */
export function MaxChars(max: number, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'maxLength',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [max],
      options: { message: `$property must be at most ${max} characters`, ...options },
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || charCount(value) <= max,
      },
    });
}

/** Trims strings (and each string of an array) before validation, so "   " is empty, not a name. */
export function Trim(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (typeof value === 'string') return value.trim();
    if (Array.isArray(value))
      return value.map((item: unknown) => (typeof item === 'string' ? item.trim() : item));
    return value;
  });
}
