import Ajv, { ValidateFunction } from 'ajv';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage, ValidationArguments, ValidationTypes } from 'class-validator';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { defaultConverters, ISchemaConverters } from 'class-validator-jsonschema/build/defaultConverters';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

const storage = getMetadataStorage();
const { CUSTOM_VALIDATION, NESTED_VALIDATION, CONDITIONAL_VALIDATION } = ValidationTypes;
const PREFIX = '#/definitions/';
/**
 * A class's schema name: its own name and a number, as PickType gives one name to every class it makes from the same
 * fields. Kept on the class, where class-validator-jsonschema reads a name (`schemaNameField`).
 */
const SCHEMA_ID = Symbol('schema-id');
let named = 0;
function schemaId(cls: Class): string {
  if (!Object.hasOwn(cls, SCHEMA_ID)) Object.defineProperty(cls, SCHEMA_ID, { value: `${cls.name}_${named++}` });
  return (cls as unknown as Record<symbol, string>)[SCHEMA_ID];
}

/** A class whose instances class-validator judges. */
type Class = abstract new (...args: never[]) => unknown;

type Check = (value: unknown, object: object) => boolean;

/** What build() reads and moves in a generated schema: the checks of a field, or of its items. */
interface Schema {
  properties?: Record<string, Schema>;
  items?: Schema;
  constraints?: Record<string, true>;
}

/**
 * class-validator's own implementation of one constraint (built-in decorators are custom constraints too). With
 * `each`, it judges every item of an array, as class-validator does (a Set or a Map, which no parsed body or query
 * holds, is left to class-validator).
 */
function constraintCheck(meta: ValidationMetadata): Check | undefined {
  const constraints = meta.constraintCls ? storage.getTargetValidatorConstraints(meta.constraintCls) : [];
  if (!constraints.length || constraints.some((c) => c.async)) return undefined;
  return (value, object) => {
    if (meta.each && (value instanceof Set || value instanceof Map)) return false;
    const args: ValidationArguments = {
      value,
      object,
      constraints: meta.constraints,
      property: meta.propertyName,
      targetName: object.constructor.name,
    };
    const valid = (item: unknown) => constraints.every((c) => c.instance.validate(item, args) === true);
    return meta.each && Array.isArray(value) ? value.every(valid) : valid(value);
  };
}

/**
 * Whether class-validator would judge `cls` with only what the schema below states: sync constraints (on a field or
 * on each of its items), `IsOptional` (the one conditional that only makes a field optional), nested classes that
 * class-transformer builds (`@Type`), no groups. Any other rule leaves the class to class-validator alone.
 */
function expressible(cls: Class): boolean {
  return storage.getTargetValidationMetadatas(cls, '', true, false).every((m) => {
    if (m.groups?.length) return false;
    if (m.type === CONDITIONAL_VALIDATION) return m.name === 'isOptional';
    if (m.type === NESTED_VALIDATION)
      return !!defaultMetadataStorage.findTypeMetadata(m.target as Class, m.propertyName);
    return m.type === CUSTOM_VALIDATION && constraintCheck(m) !== undefined;
  });
}

/** A subclass without rules of its own (AsOfQueryDto) has its parent's, as class-validator sees them. */
function ruledAncestor(cls: Class, ruled: Set<Class>): Class {
  while (!ruled.has(cls) && Object.getPrototypeOf(cls) !== Function.prototype)
    cls = Object.getPrototypeOf(cls) as Class;
  return cls;
}

/**
 * The validated classes' JSON Schema, compiled once with Ajv: a fast check that a transformed DTO is valid.
 *
 * The schema is class-validator-jsonschema's, as `/v1/event-types` derives it: its properties (unknown ones
 * refused, as `forbidNonWhitelisted` does), its required fields (all but `IsOptional`'s) and its nested classes.
 * Each constraint, though, is checked by class-validator's own implementation (the `constraints` keyword), not by
 * the library's translation into JSON Schema keywords, which is looser in places (a custom decorator becomes a bare
 * `type: string`, `IsUrl` a `format` without its protocols, two rules on a field merge their `type`s). So what this
 * accepts, class-validator accepts: a fast path, not a second validator. Whatever it refuses, or any class it cannot
 * express, goes to class-validator, which gives the answer and its message.
 */
export class CompiledValidation {
  private readonly compiled = new Map<Class, ValidateFunction | undefined>();
  private classes?: { ajv: Ajv; usable: Map<Class, string>; ruled: Set<Class> };

  /** Whether `object` (an instance of a validated class, as class-transformer made it) is valid. */
  accepts(object: object): boolean {
    const cls = (Object.getPrototypeOf(object) as { constructor: Class } | null)?.constructor;
    if (!cls) return false;
    let validate = this.compiled.get(cls);
    if (!this.compiled.has(cls)) {
      validate = this.compile(cls);
      this.compiled.set(cls, validate);
    }
    return validate?.(object) === true;
  }

  private compile(cls: Class): ValidateFunction | undefined {
    const { ajv, usable, ruled } = (this.classes ??= this.build());
    const id = usable.get(ruledAncestor(cls, ruled));
    return id === undefined ? undefined : ajv.getSchema(`classes${PREFIX}${id}`);
  }

  /** Every validated class's schema; `false` (refuses all) for one that cannot be expressed. */
  private build() {
    // The classes with rules of their own: the storage's map, which class-validator-jsonschema reads too.
    const ruled = new Set<Class>();
    for (const [target] of storage['validationMetadatas'] as Map<Class | string, unknown>) {
      if (typeof target === 'function') ruled.add(target);
    }
    ruled.forEach(schemaId);
    const checks: Check[] = [];
    const check = (meta: ValidationMetadata) => {
      const id = String(checks.push(constraintCheck(meta) ?? (() => false)) - 1);
      return { constraints: { [id]: true } };
    };
    const additionalConverters: ISchemaConverters = {
      ...Object.fromEntries(Object.keys(defaultConverters).map((type) => [type, check])),
      [CUSTOM_VALIDATION]: check,
      [CONDITIONAL_VALIDATION]: {},
      [NESTED_VALIDATION]: (meta) => {
        // Without @Type the value stays a plain object, which class-validator refuses (expressible() says so).
        const type = defaultMetadataStorage.findTypeMetadata(meta.target as Class, meta.propertyName);
        const nested = type && ruledAncestor(type.typeFunction() as Class, ruled);
        return nested && ruled.has(nested) ? { $ref: PREFIX + schemaId(nested) } : { not: {} };
      },
    };
    const schemas = validationMetadatasToSchemas({
      refPointerPrefix: PREFIX,
      classTransformerMetadataStorage: defaultMetadataStorage,
      schemaNameField: SCHEMA_ID as unknown as string, // read as target[schemaNameField]
      additionalConverters,
    });
    // An `each` rule comes back as the schema of the items; its check judges the items itself, seeing the object.
    for (const schema of Object.values(schemas) as Schema[]) {
      for (const property of Object.values(schema.properties ?? {})) {
        if (!property.items?.constraints) continue;
        property.constraints = { ...property.constraints, ...property.items.constraints };
        delete property.items.constraints;
      }
    }
    const usable = new Map<Class, string>();
    for (const cls of ruled) if (schemaId(cls) in schemas && expressible(cls)) usable.set(cls, schemaId(cls));
    const expressed = new Set(usable.values());
    const definitions = Object.fromEntries(
      Object.entries(schemas).map(([id, s]) => [id, expressed.has(id) ? { ...s, additionalProperties: false } : false]),
    );
    const ajv = new Ajv({ strict: true });
    ajv.addKeyword({
      keyword: 'constraints',
      schemaType: 'object',
      compile: (ids: Record<string, true>) => {
        const own = Object.keys(ids).map((id) => checks[Number(id)]);
        return (value: unknown, cxt) => own.every((c) => c(value, cxt!.parentData as object));
      },
    });
    ajv.addSchema({ $id: 'classes', definitions });
    return { ajv, usable, ruled };
  }
}
