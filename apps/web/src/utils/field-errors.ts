/** A field problem of a `VALIDATION_FAILED` answer (lib/http's FieldProblem, structurally). */
export interface FieldProblemLike {
  field: string;
  code: string;
}

/**
 * The first problem of each field, by the field's path as the api names it (`displayName`, `links.0.url`),
 * so a form shows each message beside its own field. A problem of a list's element (`skills.2`) is also
 * given to the list (`skills`) when the list has none of its own.
 */
export function problemsByField(problems: readonly FieldProblemLike[] | undefined): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const { field, code } of problems ?? []) {
    byField[field] ??= code;
    const list = /^(.+)\.\d+$/.exec(field)?.[1];
    if (list) byField[list] ??= code;
  }
  return byField;
}

/** The locale key of a rule's message; rules without their own message share a general one. */
export function problemMessageKey(code: string): string {
  const known = [
    'isUrl',
    'maxChars',
    'maxLength',
    'minLength',
    'isNotEmpty',
    'isTimeZone',
    'arrayMaxSize',
    'arrayUnique',
    'isIn',
  ];
  return `settings.errors.${known.includes(code) ? code : 'other'}`;
}
