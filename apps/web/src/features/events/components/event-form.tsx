import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { EventFormat, EventInput, SalonEvent } from '@/lib/api-types';
import { errorMessage } from '@/lib/error-message';
import { ApiError } from '@/lib/http';
import { fromZonedInput, toZonedInput } from '@/utils/zoned-time';
import { useSaveEvent } from '../api/events';

export interface ThemeChoice {
  id: string;
  title: string;
}

interface Props {
  /** The event to edit, or null for a new one. */
  event: SalonEvent | null;
  /** Themes this person may announce events in. */
  themes: ThemeChoice[];
  /** Coordinators may also announce salon-wide events (no theme). */
  salonWide: boolean;
  defaultTimeZone: string;
  onSaved: (event: SalonEvent) => void;
}

type Field = keyof EventInput;
type Draft = Record<
  | 'title'
  | 'description'
  | 'startsAt'
  | 'endsAt'
  | 'rsvpDeadline'
  | 'timeZone'
  | 'venueName'
  | 'venueAddress'
  | 'joinUrl'
  | 'themeId'
  | 'capacity',
  string
> & { format: EventFormat };

const FORMATS: EventFormat[] = ['online', 'onsite', 'hybrid'];
/** Codes the form explains above its button (field codes are shown at their field). */
const FORM_ERRORS = [
  'NOT_EVENT_MANAGER',
  'EVENT_CANCELLED',
  'THEME_NOT_FOUND',
  'THEME_ARCHIVED',
  'RATE_LIMITED',
];

function draftOf(event: SalonEvent | null, timeZone: string, themeId: string): Draft {
  const zone = event?.timeZone ?? timeZone;
  const local = (iso: string | null | undefined) => (iso ? toZonedInput(iso, zone) : '');
  return {
    title: event?.title ?? '',
    description: event?.description ?? '',
    format: event?.format ?? 'online',
    startsAt: local(event?.startsAt),
    endsAt: local(event?.endsAt),
    rsvpDeadline: local(event?.rsvpDeadline),
    timeZone: zone,
    venueName: event?.venueName ?? '',
    venueAddress: event?.venueAddress ?? '',
    joinUrl: event?.joinUrl ?? '',
    themeId: event ? (event.theme?.id ?? '') : themeId,
    capacity: event?.capacity != null ? String(event.capacity) : '',
  };
}

function timeZones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set(['Asia/Tokyo', current, ...all])];
}

/**
 * Creating and editing an event: times are entered in the event's own zone; the api's field codes
 * (VALIDATION_FAILED, INVALID_EVENT_TIMES, VENUE_REQUIRED) are shown beside the field at fault.
 */
export function EventForm({ event, themes, salonWide, defaultTimeZone, onSaved }: Props) {
  const { t } = useTranslation();
  const save = useSaveEvent(event?.id ?? null);
  const [draft, setDraft] = useState<Draft>(() =>
    draftOf(event, defaultTimeZone, salonWide ? '' : (themes[0]?.id ?? '')),
  );
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const onSite = draft.format !== 'online';
  const online = draft.format !== 'onsite';

  function input(): { value: EventInput | null; problems: Partial<Record<Field, string>> } {
    const found: Partial<Record<Field, string>> = {};
    const instant = (field: 'startsAt' | 'endsAt' | 'rsvpDeadline', required: boolean) => {
      const raw = draft[field];
      if (!raw) {
        if (required) found[field] = t('events.form.errors.required');
        return null;
      }
      const value = fromZonedInput(raw, draft.timeZone);
      if (!value) found[field] = t('events.form.errors.isInstant');
      return value;
    };
    if (!draft.title.trim()) found.title = t('events.form.errors.required');
    const startsAt = instant('startsAt', true);
    const endsAt = instant('endsAt', true);
    const rsvpDeadline = instant('rsvpDeadline', false);
    const capacity = draft.capacity.trim() === '' ? null : Number(draft.capacity);
    if (capacity !== null && (!Number.isInteger(capacity) || capacity < 1)) {
      found.capacity = t('events.form.errors.capacity');
    }
    if (Object.keys(found).length) return { value: null, problems: found };
    return {
      problems: found,
      value: {
        title: draft.title.trim(),
        description: draft.description,
        format: draft.format,
        startsAt: startsAt!,
        endsAt: endsAt!,
        rsvpDeadline,
        timeZone: draft.timeZone,
        venueName: onSite ? draft.venueName.trim() || null : null,
        venueAddress: onSite ? draft.venueAddress.trim() || null : null,
        joinUrl: online ? draft.joinUrl.trim() || null : null,
        themeId: draft.themeId || null,
        capacity,
      },
    };
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    const { value, problems: found } = input();
    if (!value) return showProblems(found);
    setProblems({});
    save.mutate(value, {
      onSuccess: onSaved,
      onError: (error) => {
        const fields: Partial<Record<Field, string>> = {};
        if (error instanceof ApiError) {
          for (const problem of error.fields) {
            const field = problem.field.split('.')[0] as Field;
            fields[field] ??= t(`events.form.errors.${problem.code}`, {
              defaultValue: t('events.form.errors.invalid'),
            });
          }
        }
        if (Object.keys(fields).length) showProblems(fields);
        else setFormError(errorMessage(error, t, 'events', FORM_ERRORS));
      },
    });
  }

  /**
   * Shows the problems at their fields and focuses the first. Rendered at once (flushSync) rather than on the
   * next animation frame, which a window in the background may not get.
   */
  function showProblems(found: Partial<Record<Field, string>>) {
    flushSync(() => setProblems(found));
    document.querySelector<HTMLElement>('.event-form [aria-invalid="true"]')?.focus();
  }

  const field = (name: Field, label: string, control: (props: ControlProps) => ReactNode, hint?: string) => (
    <FormField name={name} label={label} problem={problems[name]} hint={hint}>
      {control}
    </FormField>
  );

  return (
    <form className="event-form" onSubmit={submit} noValidate>
      {field('title', t('events.form.title'), (p) => (
        <input {...p} value={draft.title} onChange={(e) => set('title', e.target.value)} maxLength={200} />
      ))}
      {field('description', t('events.form.description'), (p) => (
        <textarea
          {...p}
          rows={5}
          value={draft.description}
          onChange={(e) => set('description', e.target.value)}
        />
      ))}
      <fieldset className="field">
        <legend>{t('events.form.format')}</legend>
        <div className="choice-row">
          {FORMATS.map((format) => (
            <label key={format} className="choice">
              <input
                type="radio"
                name="format"
                value={format}
                checked={draft.format === format}
                onChange={() => set('format', format)}
              />
              {t(`events.${format}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field-row">
        {field('startsAt', t('events.form.startsAt'), (p) => (
          <input
            {...p}
            type="datetime-local"
            value={draft.startsAt}
            onChange={(e) => set('startsAt', e.target.value)}
          />
        ))}
        {field('endsAt', t('events.form.endsAt'), (p) => (
          <input
            {...p}
            type="datetime-local"
            value={draft.endsAt}
            onChange={(e) => set('endsAt', e.target.value)}
          />
        ))}
      </div>
      {field(
        'timeZone',
        t('events.form.timeZone'),
        (p) => (
          <select {...p} value={draft.timeZone} onChange={(e) => set('timeZone', e.target.value)}>
            {timeZones(draft.timeZone).map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        ),
        t('events.form.timeZoneHint'),
      )}
      {onSite && (
        <div className="field-row">
          {field('venueName', t('events.form.venueName'), (p) => (
            <input {...p} value={draft.venueName} onChange={(e) => set('venueName', e.target.value)} />
          ))}
          {field('venueAddress', t('events.form.venueAddress'), (p) => (
            <input {...p} value={draft.venueAddress} onChange={(e) => set('venueAddress', e.target.value)} />
          ))}
        </div>
      )}
      {online &&
        field(
          'joinUrl',
          t('events.form.joinUrl'),
          (p) => (
            <input
              {...p}
              type="url"
              inputMode="url"
              value={draft.joinUrl}
              onChange={(e) => set('joinUrl', e.target.value)}
            />
          ),
          t('events.form.joinUrlHint'),
        )}
      {field('themeId', t('events.form.theme'), (p) => (
        <select {...p} value={draft.themeId} onChange={(e) => set('themeId', e.target.value)}>
          {salonWide && <option value="">{t('events.form.salonWide')}</option>}
          {themes.map((theme) => (
            <option key={theme.id} value={theme.id}>
              {theme.title}
            </option>
          ))}
        </select>
      ))}
      <div className="field-row">
        {field(
          'capacity',
          t('events.form.capacity'),
          (p) => (
            <input
              {...p}
              type="number"
              inputMode="numeric"
              min={1}
              value={draft.capacity}
              onChange={(e) => set('capacity', e.target.value)}
            />
          ),
          t('events.form.capacityHint'),
        )}
        {field(
          'rsvpDeadline',
          t('events.form.rsvpDeadline'),
          (p) => (
            <input
              {...p}
              type="datetime-local"
              value={draft.rsvpDeadline}
              onChange={(e) => set('rsvpDeadline', e.target.value)}
            />
          ),
          t('events.form.rsvpDeadlineHint'),
        )}
      </div>
      {formError && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button" disabled={save.isPending}>
          {event ? t('events.form.save') : t('events.form.create')}
        </button>
      </div>
    </form>
  );
}

interface ControlProps {
  id: string;
  name: string;
  'aria-invalid': boolean;
  'aria-describedby'?: string;
}

/** A labelled control with its hint and, after a failed save, the problem (read out with the field). */
function FormField({
  name,
  label,
  problem,
  hint,
  children,
}: {
  name: string;
  label: string;
  problem?: string;
  hint?: string;
  children: (props: ControlProps) => ReactNode;
}) {
  const id = `${useId()}-${name}`;
  const described = [hint && `${id}-hint`, problem && `${id}-problem`].filter(Boolean).join(' ');
  return (
    <div className={`field${problem ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, name, 'aria-invalid': Boolean(problem), 'aria-describedby': described || undefined })}
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {problem && (
        <p className="field-problem" id={`${id}-problem`}>
          {problem}
        </p>
      )}
    </div>
  );
}
