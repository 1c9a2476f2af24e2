import { ApiProperty, PickType } from '@nestjs/swagger';
import { IsInstant } from '../http/validators';
import { TimeQueryDto } from '../http/time-query.dto';

/** Two dates to compare, both required, as known at one time. */
export class ChangesQueryDto extends PickType(TimeQueryDto, ['knownAt']) {
  @ApiProperty({ description: 'The earlier date (its state at the end of that day, UTC) or timestamp' })
  @IsInstant()
  from!: string;

  @ApiProperty({ description: 'The later date or timestamp' })
  @IsInstant()
  to!: string;
}
