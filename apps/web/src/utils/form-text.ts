/** A text field of a submitted form, trimmed; '' when it is missing (or a file). */
export function formText(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value.trim() : '';
}
