import { MAX_INPUT_DEPTH, inspectInput } from './validation';

/** `{"a":{"a":…{"a":1}}}` with `levels` objects, parsed from JSON as a request body would be. */
function nested(levels: number): unknown {
  return JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);
}

describe('inspectInput', () => {
  it('finds a NUL at any depth and names its path', () => {
    expect(inspectInput({ bio: 'ok', links: [{ label: 'a\u0000b' }] })).toMatchObject({
      field: 'links.0.label',
      code: 'noNulCharacter',
    });
    expect(inspectInput('x\u0000')).toMatchObject({ field: '(value)', code: 'noNulCharacter' });
  });

  it('passes clean input', () => {
    expect(inspectInput({ bio: '漆器', skills: ['CMO'], year: 2021, open: true, none: null })).toBeNull();
    expect(inspectInput(nested(MAX_INPUT_DEPTH))).toBeNull();
  });

  it('refuses nesting deeper than the bound, however deep, without overflowing the stack', () => {
    expect(inspectInput(nested(MAX_INPUT_DEPTH + 1))).toMatchObject({ code: 'maxDepth' });
    expect(inspectInput(nested(30_000))).toMatchObject({ code: 'maxDepth' });
    expect(inspectInput(JSON.parse(`${'['.repeat(30_000)}${']'.repeat(30_000)}`))).toMatchObject({
      code: 'maxDepth',
    });
  });

  it('refuses prototype keys as unknown fields, at any depth', () => {
    expect(inspectInput(JSON.parse('{"__proto__":{"role":"admin"}}'))).toMatchObject({
      field: '__proto__',
      code: 'unknownField',
    });
    expect(inspectInput(JSON.parse('{"links":[{"constructor":{"prototype":1}}]}'))).toMatchObject({
      field: 'links.0.constructor',
      code: 'unknownField',
    });
  });
});
