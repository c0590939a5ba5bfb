import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const EVENT_FORMATS = ['online', 'onsite', 'hybrid'] as const;
export type EventFormat = (typeof EVENT_FORMATS)[number];
export const RSVP_STATUSES = ['going', 'waitlisted', 'interested', 'not_going'] as const;
export type RsvpStatus = (typeof RSVP_STATUSES)[number];

@Entity('events')
export class EventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  title!: string;

  @Column('text')
  description!: string;

  @Column('timestamptz')
  startsAt!: Date;

  @Column('timestamptz')
  endsAt!: Date;

  /** The event's own zone (default Asia/Tokyo): calendars show it there; emails use each member's zone. */
  @Column('text')
  timeZone!: string;

  @Column('text')
  format!: EventFormat;

  @Column('text', { nullable: true })
  venueName!: string | null;

  @Column('text', { nullable: true })
  venueAddress!: string | null;

  /** Shown only to members who are going (and to the organisers). */
  @Column('text', { nullable: true })
  joinUrl!: string | null;

  @Column('uuid', { nullable: true })
  themeId!: string | null;

  @Column('integer', { nullable: true })
  capacity!: number | null;

  @Column('timestamptz', { nullable: true })
  rsvpDeadline!: Date | null;

  @Column('text')
  status!: 'scheduled' | 'cancelled';

  @Column('timestamptz', { nullable: true })
  cancelledAt!: Date | null;

  @Column('integer')
  sequence!: number;

  @Column('uuid', { nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
