import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { MEASURE_KINDS, PACKAGE_STATUSES, PackageStatus } from '../domain/areas/sanctions';
import { AsOfQueryDto } from '../http/time-query.dto';
import { IsParty, PageLimit } from '../http/validators';
import { PackageFilter } from '../projections/sanctions-reader';

const STATUS_LIST = new RegExp(`^(${PACKAGE_STATUSES.join('|')})(,(${PACKAGE_STATUSES.join('|')}))*$`);

/** What a search of packages across pairs narrows by: the date and knowledge, the parties, the measures. */
export class SanctionsFilterDto extends AsOfQueryDto {
  @ApiPropertyOptional({ example: 'RU', description: 'The party the packages are imposed on' })
  @IsOptional()
  @IsParty()
  target?: string;

  @ApiPropertyOptional({ example: 'EU', description: 'The party that imposed them' })
  @IsOptional()
  @IsParty()
  imposedBy?: string;

  @ApiPropertyOptional({ enum: MEASURE_KINDS, description: 'A kind of measure the package has in force' })
  @IsOptional()
  @IsIn(MEASURE_KINDS, { message: `kind must be one of ${MEASURE_KINDS.join(', ')}` })
  kind?: string;

  @ApiPropertyOptional({ description: 'The package’s program, whatever the case' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  program?: string;

  @ApiPropertyOptional({
    description: `A comma list of ${PACKAGE_STATUSES.join(', ')}; default active (in force)`,
    example: 'active,suspended',
  })
  @IsOptional()
  @Matches(STATUS_LIST, { message: `status must be a comma list of ${PACKAGE_STATUSES.join(', ')}` })
  status?: string;

  @PageLimit()
  limit?: number;
}

/** The reader's filter for a search, its times resolved (as the relations reader resolves them). */
export function packageFilter(
  q: SanctionsFilterDto & { entity?: string },
  times: { asOf: number; knownAt: number },
): PackageFilter {
  const { target, imposedBy, kind, program, entity } = q;
  const statuses = (q.status?.split(',') ?? ['active']) as PackageStatus[];
  return { ...times, statuses: [...new Set(statuses)], target, imposedBy, kind, program, entity };
}
