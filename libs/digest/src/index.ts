export { DigestModule } from './digest.module';
export { DigestDeliveryModule } from './digest-delivery.module';
export { DigestScheduler } from './digest-scheduler';
export { DIGEST_FREQUENCIES, duePeriod, type DuePeriod } from './digest-period';
export { DigestSender, unsubscribeUrl, type DeliveryOutcome } from './digest-sender';
export { DigestContentService, excerpt, type DigestContent } from './digest-content';
export { DigestPreviewService } from './digest-preview.service';
export { DigestSettingsService } from './digest-settings.service';
export { DigestUnsubscribeService, InvalidMailLinkError } from './digest-unsubscribe.service';
export { renderDigestEmail, digestSubject, periodLabel } from './digest-email';
export { signMailLinkToken, verifyMailLinkToken } from './unsubscribe-token';
export { DigestClickService } from './digest-click.service';
export {
  signDigestClick,
  verifyDigestClick,
  isOwnPath,
  CLICK_COUNTED_DAYS,
  type DigestClick,
  type VerifiedClick,
} from './digest-click-token';
export { digestLinks } from './digest-links';
export * from './dto/notification-settings.dto';
export * from './dto/digest-run.dto';
