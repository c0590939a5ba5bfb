import { Inject, Injectable, Logger } from '@nestjs/common';
import { VisitTracker } from '@app/activity';
import { APP_CONFIG, PublicLinks, type AppConfig } from '@app/config';
import { verifyDigestClick } from './digest-click-token';
import { DigestResponsesRepository } from './digest-responses.repository';

/**
 * Behind every page link of a sent digest (GET /api/digests/click?token=…): a valid token counts the click
 * for that member and digest, counts a visit today, and leads to the page it was made for. Whatever the
 * token, the reader lands somewhere on this site and never on an error: a forged or cut-off token goes
 * to the home page and counts nothing; an authentic one older than CLICK_COUNTED_DAYS still leads to its
 * page but counts nothing. The target is a path signed into the token and appended to PUBLIC_URL, so the
 * redirect cannot be pointed at another site.
 */
@Injectable()
export class DigestClickService {
  private readonly logger = new Logger(DigestClickService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly links: PublicLinks,
    private readonly responses: DigestResponsesRepository,
    private readonly visits: VisitTracker,
  ) {}

  /** Where to send the reader; `now` is the clock (tests pass it). */
  async follow(token: unknown, now: Date = new Date()): Promise<string> {
    const verified = verifyDigestClick(this.config.JWT_SECRET, token, now);
    if (verified.kind === 'invalid') return `${this.links.home}/`;
    const { memberId, period, path } = verified.click;
    if (verified.kind === 'counted') {
      try {
        await this.responses.recordClick(memberId, period);
        this.visits.visited(memberId, now);
      } catch (error) {
        // The reader still gets their page; only the count is lost.
        this.logger.warn({ err: error, period }, 'could not record a digest click');
      }
    }
    return `${this.links.home}${path}`;
  }
}
