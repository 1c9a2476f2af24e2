import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { about, invalid, Problem } from '../errors';
import { NoDetails } from './details';
import { ActionType, CATALOGUE } from './catalogue';

/** Flattens class-validator's error tree into problems named by path (`details.measures[0].kind: …`). */
export function describeValidationErrors(errors: ValidationError[], path: string): Problem[] {
  return errors.flatMap((e) => {
    const here = /^\d+$/.test(e.property) ? `${path}[${e.property}]` : path ? `${path}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) =>
      m.startsWith('property ') && m.endsWith('should not exist')
        ? about(here, ': unknown field')
        : about(
            here,
            `: ${m.replace(new RegExp(`^(an instance of \\w+ has failed the validation:\\s*)?${e.property} `), '')}`,
          ),
    );
    return [...own, ...describeValidationErrors(e.children ?? [], here)];
  });
}

/**
 * Validates an action's `details` against its type's class, rejecting unknown fields, then against the
 * type's rules across fields and its `occurredAt`. Returns the details to store (`{}` for types without details).
 */
export function validateDetails(type: ActionType, details: unknown, occurredAt: string): Record<string, unknown> {
  const path = 'details';
  if (details === undefined) details = {};
  if (typeof details !== 'object' || details === null || Array.isArray(details)) {
    throw invalid(about(path, ' must be an object'));
  }
  const entry = CATALOGUE[type];
  // A class without fields has no validation metadata, so class-validator cannot judge it.
  const problems =
    entry.details === NoDetails
      ? Object.keys(details).map((k) => about(`${path}.${k}`, `: unknown field (${type} takes no details)`))
      : describeValidationErrors(
          validateSync(plainToInstance(entry.details, details), { whitelist: true, forbidNonWhitelisted: true }),
          path,
        );
  if (!problems.length && entry.check) problems.push(...entry.check(details, occurredAt));
  if (problems.length) throw invalid(problems);
  return details as Record<string, unknown>;
}
