import { escapeHtml, formatDateRange, formatDateTime, html, layout, raw, SafeHtml } from './render';

describe('escapeHtml', () => {
  it('escapes markup and both kinds of quotes', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;',
    );
  });

  it('leaves Japanese text alone', () => {
    expect(escapeHtml('塩尻サロン「ワイン会」')).toBe('塩尻サロン「ワイン会」');
  });
});

/** Prettier formats `html` templates as HTML: compare without the whitespace between tags. */
const squash = (markup: { toString(): string }) => markup.toString().replace(/>\s+</g, '><').trim();

describe('html`…`', () => {
  it('escapes what members wrote, in text and in attributes', () => {
    const title = '<script>alert(1)</script>';
    const url = `https://example.com/?q="><img src=x onerror=alert(1)>`;
    const out = squash(
      html`<h2>${title}</h2>
        <a href="${url}" title="${"it's"}">link</a>`,
    );
    expect(out).toBe(
      '<h2>&lt;script&gt;alert(1)&lt;/script&gt;</h2>' +
        '<a href="https://example.com/?q=&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" title="it&#39;s">link</a>',
    );
    expect(out).not.toContain('<script>');
  });

  it('passes raw() and nested html`…` through without escaping them again', () => {
    const strong = html`<strong>${'A & B'}</strong>`;
    const out = html`<p>${strong} ${raw('<br>')} ${'<br>'}</p>`.toString();
    expect(out).toBe('<p><strong>A &amp; B</strong> <br> &lt;br&gt;</p>');
    expect(raw(strong)).toBe(strong);
  });

  it('joins arrays and renders null, undefined and false as nothing', () => {
    const items = ['<a>', 'b'].map((item) => html`<li>${item}</li>`);
    expect(
      squash(
        html`<ul>
          ${items}
        </ul>`,
      ),
    ).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul>');
    expect(html`<p>${null}${undefined}${false}${0}</p>`.toString()).toBe('<p>0</p>');
  });
});

describe('layout', () => {
  const body = html`<p>${'<b>ようこそ</b>'}</p>`;

  it('is a complete document in the reader language with the escaped title and body', () => {
    const out = layout({
      locale: 'ja',
      title: '【明日】<ワイン会>',
      preheader: '12月5日(土) 19:00',
      bodyHtml: body,
    });
    expect(out).toMatch(/^<!DOCTYPE html>\s*<html lang="ja">/);
    expect(out).toMatch(/<meta charset="utf-8"\s*\/?>/);
    expect(out).toMatch(/<meta name="viewport" content="width=device-width, initial-scale=1"\s*\/?>/);
    expect(out).toContain('<title>【明日】&lt;ワイン会&gt;</title>');
    expect(out).toContain('<p>&lt;b&gt;ようこそ&lt;/b&gt;</p>');
    expect(out).toContain('12月5日(土) 19:00');
    expect(out).toContain('塩尻サロン');
    expect(out).toContain('Shiojiri Salon');
    expect(out).toMatch(/<\/html>\s*$/);
  });

  it('uses inline styles only: a 600px table layout and a font stack with Japanese fonts', () => {
    const out = layout({ locale: 'en', title: 'Hello', bodyHtml: body });
    expect(out).toContain('<html lang="en">');
    expect(out).not.toMatch(/<style|<link/i);
    expect(out).not.toContain('&#39;'); // styles are ours: not escaped
    expect(out).toContain('max-width:600px');
    expect(out).toContain('role="presentation"');
    expect(out).toContain("'Hiragino Sans'");
    expect(out).toContain("'Noto Sans JP'");
    // The font names must not end the double-quoted style attribute early.
    for (const [, style] of out.matchAll(/style="([^"]*)"/g)) expect(style).not.toContain('"');
    expect(out).not.toContain('display:none'); // no preheader asked for
  });

  it('adds footer markup before the site line', () => {
    const footer = html`<a href="${'https://salon.example/settings?a=1&b=2'}">配信停止</a>`;
    const out = layout({ locale: 'ja', title: 't', bodyHtml: body, footerHtml: footer });
    expect(out).toContain('<a href="https://salon.example/settings?a=1&amp;b=2">配信停止</a>');
    expect(out.indexOf('配信停止')).toBeLessThan(out.indexOf('Shiojiri Salon'));
  });

  it('takes only SafeHtml as markup, and escapes a plain string that gets in anyway', () => {
    expect(body).toBeInstanceOf(SafeHtml);
    // @ts-expect-error a plain string could be text a member wrote
    const out = layout({ locale: 'ja', title: 't', bodyHtml: '<p>x</p>' });
    expect(out).toContain('&lt;p&gt;x&lt;/p&gt;');
  });
});

describe('formatDateTime', () => {
  // 19:00 in Tokyo, 11:00 in Berlin (CET, UTC+1 in December).
  const start = new Date('2026-12-05T10:00:00Z');

  it('writes Japanese and English in Asia/Tokyo without a zone name', () => {
    expect(formatDateTime(start, 'Asia/Tokyo', 'ja')).toBe('2026年12月5日(土) 19:00');
    expect(formatDateTime(start, 'Asia/Tokyo', 'en')).toBe('Sat, 5 Dec 2026, 19:00');
    expect(formatDateTime(start, 'Japan', 'ja')).toBe('2026年12月5日(土) 19:00');
  });

  it('converts to another zone and names it', () => {
    expect(formatDateTime(start, 'Europe/Berlin', 'ja')).toBe('2026年12月5日(土) 11:00 (Europe/Berlin)');
    expect(formatDateTime(start, 'Europe/Berlin', 'en')).toBe('Sat, 5 Dec 2026, 11:00 (Europe/Berlin)');
    // Saturday noon in Tokyo is still Friday evening in New York.
    const noon = new Date('2026-12-05T03:00:00Z');
    expect(formatDateTime(noon, 'America/New_York', 'en')).toBe('Fri, 4 Dec 2026, 22:00 (America/New_York)');
  });

  it('uses a 24-hour clock, midnight as 00:00', () => {
    const midnight = new Date('2026-09-14T15:00:00Z');
    expect(formatDateTime(midnight, 'Asia/Tokyo', 'ja')).toBe('2026年9月15日(火) 00:00');
    expect(formatDateTime(midnight, 'Asia/Tokyo', 'en')).toBe('Tue, 15 Sep 2026, 00:00');
  });

  it('throws on an unknown zone', () => {
    expect(() => formatDateTime(start, 'Mars/Olympus', 'en')).toThrow(RangeError);
  });
});

describe('formatDateRange', () => {
  const start = new Date('2026-12-05T10:00:00Z');
  const end = new Date('2026-12-05T12:00:00Z');

  it('leaves out the end date on the same local day', () => {
    expect(formatDateRange(start, end, 'Asia/Tokyo', 'ja')).toBe('2026年12月5日(土) 19:00〜21:00');
    expect(formatDateRange(start, end, 'Asia/Tokyo', 'en')).toBe('Sat, 5 Dec 2026, 19:00–21:00');
    expect(formatDateRange(start, end, 'Europe/Berlin', 'en')).toBe(
      'Sat, 5 Dec 2026, 11:00–13:00 (Europe/Berlin)',
    );
  });

  it('writes both dates when the end is on another local day', () => {
    const late = new Date('2026-12-05T16:00:00Z'); // 01:00 on Sunday in Tokyo, 17:00 on Saturday in Berlin
    expect(formatDateRange(start, late, 'Asia/Tokyo', 'ja')).toBe(
      '2026年12月5日(土) 19:00〜2026年12月6日(日) 01:00',
    );
    expect(formatDateRange(start, late, 'Asia/Tokyo', 'en')).toBe(
      'Sat, 5 Dec 2026, 19:00 – Sun, 6 Dec 2026, 01:00',
    );
    expect(formatDateRange(start, late, 'Europe/Berlin', 'ja')).toBe(
      '2026年12月5日(土) 11:00〜17:00 (Europe/Berlin)',
    );
  });
});
