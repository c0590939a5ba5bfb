import type { AppConfig, PublicLinks } from '@app/config';
import { signDigestClick } from './digest-click-token';
import type { DigestLinks } from './digest-email';
import { signMailLinkToken } from './unsubscribe-token';

/**
 * How a digest's links are built (the one place): for a sent digest (`period` given) every page link goes
 * through the click redirect with a signed token (member, period, path), so following it is counted for
 * that digest — no tracking pixel, nothing counted on opening the mail. The unsubscribe link is the only
 * direct one; it carries the period so the unsubscribe is recorded against that digest. A preview
 * (`period` null) links straight to the pages.
 */
export function digestLinks(
  config: AppConfig,
  links: PublicLinks,
  memberId: string,
  period: string | null,
  now: Date = new Date(),
): DigestLinks {
  const unsubscribe = links.digestUnsubscribe(
    signMailLinkToken(config.JWT_SECRET, 'digest-unsubscribe', memberId),
    period,
  );
  if (!period) return { pages: links, unsubscribe };
  const tracked = (url: string): string => {
    const path = links.pathOf(url);
    if (!path) return url;
    return links.digestClick(signDigestClick(config.JWT_SECRET, { memberId, period, path, issuedAt: now }));
  };
  return {
    pages: {
      message: (id) => tracked(links.message(id)),
      theme: (slug) => tracked(links.theme(slug)),
      event: (id) => tracked(links.event(id)),
    },
    unsubscribe,
  };
}
