import { describe, expect, it } from 'vitest';
import { formText } from './form-text';

describe('formText', () => {
  it('trims a text field and gives an empty string for a missing one or a file', () => {
    const data = new FormData();
    data.set('title', '  木曽漆器の塗り直し \n');
    data.set('file', new Blob(['x']), 'x.txt');
    expect(formText(data, 'title')).toBe('木曽漆器の塗り直し');
    expect(formText(data, 'missing')).toBe('');
    expect(formText(data, 'file')).toBe('');
  });
});
