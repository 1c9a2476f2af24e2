import type { OpenAPIObject, SchemaObject } from '@nestjs/swagger';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { DetailsClass } from '../domain/areas/area';
import { EntityIds, LegalBasis, Measure, NamedEntity } from '../domain/areas/sanctions-details';
import { ACTION_TYPES, ActionType, CATALOGUE } from '../domain/catalogue/catalogue';
import { NoDetails } from '../domain/catalogue/details';

const noDetails = { type: 'object', properties: {}, additionalProperties: false };
/** The classes a details class nests, which its schema names by `$ref`. */
const NESTED = [Measure, NamedEntity, EntityIds, LegalBasis].map((c) => c.name);

/**
 * The JSON schema of each type's `details`, derived from the classes that validate them, and the schemas
 * they refer to (`refPrefix` + class name): `#/definitions/` in /v1/event-types, components in OpenAPI.
 */
export function detailsSchemas(refPrefix: string) {
  // With class-transformer's metadata, a nested array names its class (`…/Measure`), not `Array`.
  const schemas = validationMetadatasToSchemas({
    refPointerPrefix: refPrefix,
    classTransformerMetadataStorage: defaultMetadataStorage,
  });
  // A class that declares no field of its own (SanctionsReinstatedDetails) has its parent's schema.
  const schemaOf = (cls: DetailsClass): object =>
    schemas[cls.name] ?? schemaOf(Object.getPrototypeOf(cls) as DetailsClass);
  const byType = Object.fromEntries(
    ACTION_TYPES.map((type) => {
      const cls = CATALOGUE[type].details;
      return [type, cls === NoDetails ? noDetails : { ...schemaOf(cls), additionalProperties: false }];
    }),
  ) as Record<ActionType, object>;
  return { byType, nested: Object.fromEntries(NESTED.map((name) => [name, schemas[name]])) };
}

/**
 * The OpenAPI document with every type's `details` in it: a component per type (`SanctionsImposedDetails`…)
 * and those they nest, and the `details` of a recorded action as one of them.
 */
export function withDetailsSchemas(document: OpenAPIObject): OpenAPIObject {
  const { byType, nested } = detailsSchemas('#/components/schemas/');
  const components = document.components?.schemas ?? {};
  const named = Object.fromEntries(ACTION_TYPES.map((type) => [`${type}Details`, byType[type] as SchemaObject]));
  Object.assign(components, nested, named);
  const body = components.RecordActionDto as SchemaObject | undefined;
  if (body?.properties) {
    body.properties.details = {
      description: "By type (GET /v1/event-types): one of these, as the action's type requires",
      oneOf: Object.keys(named).map((name) => ({ $ref: `#/components/schemas/${name}` })),
    };
  }
  return { ...document, components: { ...document.components, schemas: components } };
}
