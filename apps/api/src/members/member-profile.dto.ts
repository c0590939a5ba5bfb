import { ApiProperty } from '@nestjs/swagger';
import { OwnProfileDto, PublicProfileDto } from '@app/members';
import { ThemeRefDto } from '@app/themes';

export class MemberProfileDto extends PublicProfileDto {
  @ApiProperty({
    type: [ThemeRefDto],
    description: 'Themes the member follows or runs, as far as the caller may see them',
  })
  themes!: ThemeRefDto[];
}

export class MyProfileDto extends OwnProfileDto {
  @ApiProperty({ type: [ThemeRefDto] })
  themes!: ThemeRefDto[];
}
