import { ApiProperty } from '@nestjs/swagger';

export class CalendarTokenDto {
  @ApiProperty({ description: 'Shown once; only its digest is stored' }) token!: string;
  @ApiProperty({ description: 'Subscribe to this in Google Calendar or Apple Calendar' }) url!: string;
}

export class CalendarTokenStateDto {
  @ApiProperty() active!: boolean;
  @ApiProperty({ nullable: true, type: String }) createdAt!: string | null;
}
