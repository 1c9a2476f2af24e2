import type { SchemaObject } from '@nestjs/swagger';
import type { TSchema } from '@sinclair/typebox';

/**
 * A TypeBox schema as OpenAPI takes it: plain JSON (TypeBox marks its schemas with symbol keys). The
 * domain's schemas use only what OpenAPI 3.0 and JSON Schema share (`nullable`, `enum`, no numeric
 * `exclusiveMaximum`), so the document says what the answers hold.
 */
export const openApiSchema = (schema: TSchema): SchemaObject => JSON.parse(JSON.stringify(schema)) as SchemaObject;
