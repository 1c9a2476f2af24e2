import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsUUID,
  Max,
  Min,
  registerDecorator,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';
import { describeBadParty, isParty } from '../domain/codes';
import { lowerCased } from './uuid-param';

/** An ISO 3166-1 alpha-2 country or a known organisation code, upper case. */
export const IsParty = (options?: ValidationOptions) => (target: object, property: string) =>
  registerDecorator({
    name: 'isParty',
    target: target.constructor,
    propertyName: property,
    options,
    validator: {
      validate: (value: unknown) => isParty(value),
      defaultMessage: (args?: ValidationArguments) =>
        describeBadParty(property, args?.value).replace(`${property} `, ''),
    },
  });

/** A real date or an ISO timestamp in the years 0100 to 9999 (UTC): declared with the domain's details. */
export { IsInstant } from '../domain/catalogue/details';

/** An event id: a UUID, in lower case whatever case it came in, so that a retry in another case is the same write. */
export const IsEventId = () =>
  applyDecorators(
    Transform(({ value }) => lowerCased(value)),
    IsUUID(),
  );

/** How many items a page holds: an optional whole number from 1 to 1000, from the query string. */
export const PageLimit = (description = '1 to 1000; default 100') =>
  applyDecorators(
    ApiPropertyOptional({ description }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(1000),
  );
