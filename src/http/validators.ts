import { registerDecorator, ValidationArguments } from 'class-validator';
import { describeBadParty, isParty } from '../domain/codes';
import { parseInstant } from '../domain/time';

/** An ISO 3166-1 alpha-2 country or a known organisation code, upper case. */
export const IsParty = () => (target: object, property: string) =>
  registerDecorator({
    name: 'isParty',
    target: target.constructor,
    propertyName: property,
    validator: {
      validate: (value: unknown) => isParty(value),
      defaultMessage: (args?: ValidationArguments) =>
        describeBadParty(property, args?.value).replace(`${property} `, ''),
    },
  });

/** A real date (YYYY-MM-DD) or an ISO timestamp with Z or an offset. */
export const IsInstant = () => (target: object, property: string) =>
  registerDecorator({
    name: 'isInstant',
    target: target.constructor,
    propertyName: property,
    validator: {
      validate: (value: unknown) => {
        try {
          parseInstant(property, value, 'start-of-day');
          return true;
        } catch {
          return false;
        }
      },
      defaultMessage: (args?: ValidationArguments) => {
        try {
          parseInstant(property, args?.value, 'start-of-day');
          return '';
        } catch (e) {
          return (e as Error).message.replace(`${property} `, '');
        }
      },
    },
  });
