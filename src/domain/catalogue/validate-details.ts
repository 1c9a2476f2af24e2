import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { DomainError, invalid } from '../errors';
import { ActionType } from './catalogue';
import { DETAILS_CLASS, NoDetails } from './details';

/** Flattens class-validator's error tree into `path: problem` lines (`details.measures[0].kind: …`). */
export function describeValidationErrors(errors: ValidationError[], path: string): string[] {
  return errors.flatMap((e) => {
    const here = /^\d+$/.test(e.property) ? `${path}[${e.property}]` : path ? `${path}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) =>
      m.startsWith('property ') && m.endsWith('should not exist')
        ? `${here}: unknown field`
        : `${here}: ${m.replace(new RegExp(`^(an instance of \\w+ has failed the validation:\\s*)?${e.property} `), '')}`,
    );
    return [...own, ...describeValidationErrors(e.children ?? [], here)];
  });
}

/**
 * Validates an action's `details` against its type, rejecting unknown fields.
 * Returns the details to store (`{}` for types without details).
 */
export function validateDetails(type: ActionType, details: unknown, path = 'details'): Record<string, unknown> {
  if (details === undefined) details = {};
  if (typeof details !== 'object' || details === null || Array.isArray(details)) {
    throw invalid(`${path} must be an object`);
  }
  const cls = DETAILS_CLASS[type];
  // A class without fields has no validation metadata, so class-validator cannot judge it.
  const problems =
    cls === NoDetails
      ? Object.keys(details).map((k) => `${path}.${k}: unknown field (${type} takes no details)`)
      : describeValidationErrors(
          validateSync(plainToInstance(cls, details), { whitelist: true, forbidNonWhitelisted: true }),
          path,
        );
  if (type === 'SanctionsLifted') {
    const d = details as { sanctionsId?: unknown; kinds?: unknown };
    if ((d.sanctionsId === undefined) === (d.kinds === undefined)) {
      problems.push(`${path}: give exactly one of sanctionsId (the imposing event's id) and kinds`);
    }
  }
  if (problems.length) throw new DomainError('invalid', problems.join('; '));
  return details as Record<string, unknown>;
}
