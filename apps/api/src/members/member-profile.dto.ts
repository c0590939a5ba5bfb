import { ApiProperty } from '@nestjs/swagger';
import { MemberEventDto } from '@app/events';
import { OwnProfileDto, PublicProfileDto } from '@app/members';
import { MemberProjectDto } from '@app/projects';
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

  @ApiProperty({
    type: [MemberProjectDto],
    description:
      'Projects the member took part in, the latest first, with their role and whether they are its alumni ' +
      '(its endsOn has passed in Asia/Tokyo); projects of themes the caller may not see are left out',
  })
  projects!: MemberProjectDto[];
}

export class MyProfileDto extends OwnProfileDto {
  @ApiProperty({ type: [ThemeRefDto] })
  themes!: ThemeRefDto[];

  @ApiProperty({ type: [MemberProjectDto], description: 'Projects I took part in, the latest first' })
  projects!: MemberProjectDto[];
}
