import 'reflect-metadata';
import { IsString, Length, registerDecorator, ValidationArguments } from 'class-validator';
import { parseInstant, parseOccurredAt } from '../time';

/**
 * What the `details` classes of several areas share. Each area declares its own types' details as
 * class-validator classes beside the fold of those types (`areas/*.ts`): one class gives validation (unknown
 * fields rejected), the fold's type and the JSON schema of /v1/event-types.
 */

/** The details of a type that takes none: any field is unknown. */
export class NoDetails {}

const NAME = { message: '$property must be a string of 1 to 200 characters' };

/** A short name (a track, a regime, a framework): 1 to 200 characters. */
export const IsName = (): PropertyDecorator => (target, key) => {
  IsString(NAME)(target, key);
  Length(1, 200, NAME)(target, key);
};

/**
 * The times a write or a question may name, in UTC: JavaScript's dates read the years 0 to 99 as 1900 to 1999, and
 * ISO strings have four-digit years. Checked on the instant, so that an offset cannot carry a time across either end.
 */
const EARLIEST = Date.parse('0100-01-01T00:00:00Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/** Why `value` is no instant this service accepts, or undefined; `periods`: a month or a year will do too. */
function instantProblem(property: string, value: unknown, periods: boolean): string | undefined {
  const outside = `must fall between 0100-01-01 and 9999-12-31 (UTC); got ${String(value)}`;
  // Read as 1900 to 1999, the years 0 to 99 fail as no real date: say what is wrong with them instead.
  if (typeof value === 'string' && /^00\d\d(-|$)/.test(value)) return outside;
  try {
    const ms = periods ? parseOccurredAt(value, property) : parseInstant(property, value, 'start-of-day');
    return ms < EARLIEST || ms > LATEST ? outside : undefined;
  } catch (e) {
    return (e as Error).message.replace(`${property} `, '');
  }
}

/**
 * A real date (YYYY-MM-DD) or an ISO timestamp with Z or an offset, in the years 0100 to 9999 (UTC); with
 * `periods`, a month (YYYY-MM) or a year (YYYY) too, as an action's valid time may be.
 */
export const IsInstant =
  ({ periods = false } = {}) =>
  (target: object, property: string) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: property,
      validator: {
        validate: (value: unknown) => instantProblem(property, value, periods) === undefined,
        defaultMessage: (args?: ValidationArguments) => instantProblem(property, args?.value, periods) ?? '',
      },
    });
