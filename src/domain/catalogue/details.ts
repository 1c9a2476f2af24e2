import 'reflect-metadata';
import { IsString, Length } from 'class-validator';

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
