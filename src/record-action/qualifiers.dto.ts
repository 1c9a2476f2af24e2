import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
} from 'class-validator';
import { FORMALITIES, Formality } from '../domain/qualifiers';
import { DATE_PRECISIONS, DatePrecision } from '../domain/time';
import { IsInstant } from '../http/validators';
import { lowerCased } from '../http/uuid-param';

/** What an action may say of itself, beside its type and details; a correction may set them again. */
export class QualifiersDto {
  @ApiPropertyOptional({ enum: FORMALITIES, description: 'formal (the default), informal, or officially denied' })
  @IsOptional()
  @IsIn(FORMALITIES, { message: `formality must be one of ${FORMALITIES.join(', ')}` })
  formality?: Formality;

  @ApiPropertyOptional({
    enum: DATE_PRECISIONS,
    description:
      'How precisely occurredAt is known: it follows from its form (2021-12 is a month); if given, it must agree',
  })
  @IsOptional()
  @IsIn(DATE_PRECISIONS, { message: `datePrecision must be one of ${DATE_PRECISIONS.join(', ')}` })
  datePrecision?: DatePrecision;

  @ApiPropertyOptional({
    example: '2021-12-09',
    description: 'When it was made public, where that differs from occurredAt',
  })
  @IsOptional()
  @IsInstant({ periods: true })
  announcedAt?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'The eventIds of the actions (of any pair) this one answers; each must be a known action, or 422',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.map(lowerCased) : value))
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique({ message: 'inResponseTo must not name an event twice' })
  @IsUUID('all', { each: true, message: 'inResponseTo must hold event ids (UUIDs)' })
  inResponseTo?: string[];

  @ApiPropertyOptional({ type: [String], example: ['economic-coercion'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique({ message: 'tags must not repeat a tag' })
  @IsString({ each: true })
  @Length(1, 100, { each: true, message: 'each tag must be a string of 1 to 100 characters' })
  tags?: string[];
}
