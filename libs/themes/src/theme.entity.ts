import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const THEME_STATUSES = ['recruiting', 'active', 'ended'] as const;
export type ThemeStatus = (typeof THEME_STATUSES)[number];
export const THEME_VISIBILITIES = ['public', 'private'] as const;
export type ThemeVisibility = (typeof THEME_VISIBILITIES)[number];

/** A local challenge (テーマ). When its project ends the theme stays, and so do its people. */
@Entity('themes')
export class ThemeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  slug!: string;

  @Column('text')
  title!: string;

  @Column('text')
  summary!: string;

  @Column('text', { nullable: true })
  titleEn!: string | null;

  @Column('text', { nullable: true })
  summaryEn!: string | null;

  @Column('text')
  status!: ThemeStatus;

  @Column('text')
  visibility!: ThemeVisibility;

  /** Archived themes are read-only (theme-rights.ts): readable history, nothing new. */
  @Column('timestamptz', { nullable: true })
  archivedAt!: Date | null;

  @Column('uuid', { nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
