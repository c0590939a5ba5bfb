import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '@app/auth';

export const RELATIONS = [
  'resident',
  'former_resident',
  'side_job_professional',
  'theme_owner',
  'coordinator',
  'supporter',
  'other',
] as const;
export type Relation = (typeof RELATIONS)[number];

export const LOCALES = ['ja', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export interface PastProject {
  theme: string;
  role?: string;
  year?: number;
}

export interface ProfileLink {
  label: string;
  url: string;
}

@Entity('members')
export class MemberEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stored trimmed and lower-cased (a check constraint insists); never sent to other members. */
  @Column('text')
  email!: string;

  @Column('text', { select: false })
  passwordHash!: string;

  @Column('text')
  role!: Role;

  @Column('text')
  displayName!: string;

  @Column('text', { nullable: true })
  furigana!: string | null;

  @Column('text')
  bio!: string;

  @Column('text', { array: true })
  skills!: string[];

  @Column('text', { nullable: true })
  relation!: Relation | null;

  @Column('text', { nullable: true })
  homeArea!: string | null;

  @Column('jsonb')
  pastProjects!: PastProject[];

  @Column('jsonb')
  links!: ProfileLink[];

  @Column('text', { nullable: true })
  avatarUrl!: string | null;

  @Column('text')
  locale!: Locale;

  @Column('text')
  timeZone!: string;

  @Column('boolean')
  openToHelp!: boolean;

  /** When the member confirmed `email` from the verification mail; null: no digest or event mail goes to it. */
  @Column('timestamptz', { nullable: true })
  emailVerifiedAt!: Date | null;

  /** An address the member asked to change to; it replaces `email` once verified. */
  @Column('text', { nullable: true })
  pendingEmail!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  /** Set when the member left: the row stays (their messages keep an author id), every personal field wiped. */
  @Column('timestamptz', { nullable: true })
  deletedAt!: Date | null;
}
