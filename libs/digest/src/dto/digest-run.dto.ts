import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { DigestFrequency } from '@app/queue';
import { DIGEST_FREQUENCIES } from '../digest-period';

export class StartDigestRunDto {
  @ApiProperty({ enum: DIGEST_FREQUENCIES })
  @IsIn(DIGEST_FREQUENCIES)
  frequency!: DigestFrequency;
}

export class DigestRunDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: DIGEST_FREQUENCIES }) frequency!: DigestFrequency;
  @ApiProperty({ enum: ['schedule', 'admin'] }) trigger!: 'schedule' | 'admin';
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ description: 'False while the run is still finding members to enqueue' })
  enqueuingDone!: boolean;
  @ApiProperty({ description: 'Digests handed to the queue by this run' }) enqueued!: number;
  @ApiProperty({ description: 'Waiting or being sent' }) pending!: number;
  @ApiProperty() sent!: number;
  @ApiProperty({ description: 'Nothing to say for the period: no email' }) skipped!: number;
  @ApiProperty() failed!: number;
}
