import { ApiProperty } from '@nestjs/swagger';
import { MemberEventDto } from '@app/events';
import { OwnProfileDto, PublicProfileDto } from '@app/members';
import { ThemeRefDto } from '@app/themes';

export class MemberProfileDto extends PublicProfileDto {
  @ApiProperty({
    type: [ThemeRefDto],
    description: 'Themes the member follows or runs, as far as the caller may see them',
  })
  themes!: ThemeRefDto[];

  @ApiProperty({
    type: [MemberEventDto],
    description:
      'Events the member is going to, waitlisted for, interested in or attended: up to 10 upcoming (soonest first), ' +
      'then up to 10 of the last 180 days (latest first); cancelled ones and those the caller may not see are left out',
  })
  events!: MemberEventDto[];
}

export class MyProfileDto extends OwnProfileDto {
  @ApiProperty({ type: [ThemeRefDto] })
  themes!: ThemeRefDto[];
}
