import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { ACTION_TYPES } from '../domain/catalogue/catalogue';
import { IsParty, PageLimit } from '../http/validators';

export class CreateWatchDto {
  @ApiPropertyOptional({ example: ['JP', 'RU'], description: 'One pair (either order); or give country' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(2)
  @IsParty({ each: true })
  pair?: string[];

  @ApiPropertyOptional({ example: 'IR', description: 'Every pair of this party; or give pair' })
  @IsOptional()
  @IsParty()
  country?: string;

  @ApiPropertyOptional({ example: ['SanctionsRenewed', 'SanctionsLifted'], description: 'Only these action types' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(ACTION_TYPES, { each: true, message: `types must be action types: ${ACTION_TYPES.join(', ')}` })
  types?: string[];

  @ApiProperty({ example: 'https://newsroom.example/hooks/chancery' })
  @IsString()
  @Length(1, 2000)
  url!: string;

  @ApiProperty({ description: 'Signs each delivery: X-Chancery-Signature is sha256= and the HMAC-SHA256 of the body' })
  @IsString()
  @Length(16, 200, { message: 'secret must be 16 to 200 characters' })
  secret!: string;
}

export class DeliveriesQueryDto {
  @ApiPropertyOptional({ description: 'The id of the last delivery seen: the page starts after it' })
  @IsOptional()
  @IsUUID()
  after?: string;

  @PageLimit()
  limit?: number;
}
