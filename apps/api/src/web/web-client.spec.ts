import { isClientRoute } from './web-client';

describe('isClientRoute', () => {
  it.each(['/', '/login', '/themes/kiso-hirasawa/general', '/messages/0b8f6c1e', '/apiary'])(
    'answers index.html for GET %s',
    (path) => expect(isClientRoute('GET', path)).toBe(true),
  );

  it.each(['/api', '/api/health', '/socket.io/', '/assets/missing-abc123.js'])(
    'leaves %s to the api, Socket.IO or a 404',
    (path) => expect(isClientRoute('GET', path)).toBe(false),
  );

  it('only for GET and HEAD', () => {
    expect(isClientRoute('HEAD', '/themes')).toBe(true);
    expect(isClientRoute('POST', '/themes')).toBe(false);
  });
});
