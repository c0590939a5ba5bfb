import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('channels')
export class ChannelEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  themeId!: string;

  @Column('text')
  slug!: string;

  @Column('text')
  name!: string;

  /** bigint: pg returns it as a string; seqs stay far below 2^53, so the transformer makes it a number. */
  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  lastSeq!: number;

  @Column('timestamptz', { nullable: true })
  archivedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
