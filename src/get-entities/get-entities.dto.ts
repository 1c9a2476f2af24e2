import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { SanctionsFilterDto } from '../get-sanctions/sanctions-filter.dto';

export class GetEntitiesQueryDto extends SanctionsFilterDto {
  @ApiPropertyOptional({ example: 'gazprom', description: 'Part of an entity’s name or id, whatever the case' })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  q?: string;

  @ApiPropertyOptional({ description: 'The `next` of the page before' })
  @IsOptional()
  @IsString()
  @Length(1, 800)
  after?: string;
}
