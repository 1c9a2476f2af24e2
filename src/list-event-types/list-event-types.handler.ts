import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { CorrectActionDto } from '../correct-action/correct-action.dto';
import { MEASURE_KINDS, PACKAGE_STATUSES } from '../domain/areas/sanctions';
import { ACTION_TYPES, CATALOGUE } from '../domain/catalogue/catalogue';
import { DetailsClass } from '../domain/areas/area';
import { NoDetails } from '../domain/catalogue/details';
import { STANDING_METHOD } from '../domain/state/standing';
import { RetractActionDto } from '../retract-action/retract-action.dto';
import { ListEventTypesQuery } from './list-event-types.query';

const noDetails = { type: 'object', properties: {}, additionalProperties: false };

/** Built once: the catalogue with JSON schemas derived from the same classes that validate. */
function build() {
  // With class-transformer's metadata, a nested array names its class (`#/definitions/Measure`).
  const schemas = validationMetadatasToSchemas({
    refPointerPrefix: '#/definitions/',
    classTransformerMetadataStorage: defaultMetadataStorage,
  });
  const nested = {
    Measure: schemas.Measure,
    NamedEntity: schemas.NamedEntity,
    EntityIds: schemas.EntityIds,
    LegalBasis: schemas.LegalBasis,
  };
  const schemaOf = (cls: DetailsClass) =>
    cls === NoDetails ? noDetails : { ...schemas[cls.name], additionalProperties: false, definitions: nested };
  return {
    measureKinds: MEASURE_KINDS,
    /** How the two scores of `index` are computed. */
    index: {
      score: {
        method: 'goldstein-sum',
        description: "The Goldstein scores of the actions folded (each type's goldstein), summed",
      },
      standing: STANDING_METHOD,
    },
    packageStatuses: PACKAGE_STATUSES,
    types: [
      ...ACTION_TYPES.map((type) => ({ type, ...CATALOGUE[type], details: schemaOf(CATALOGUE[type].details) })),
      {
        type: 'ActionRetracted',
        description: 'Retracts an action: POST /v1/events/{eventId}/retraction',
        body: schemas[RetractActionDto.name],
      },
      {
        type: 'ActionCorrected',
        description: "Corrects an action's occurredAt or details: POST /v1/events/{eventId}/correction",
        body: schemas[CorrectActionDto.name],
      },
    ],
  };
}

export type EventTypes = ReturnType<typeof build>;

@QueryHandler(ListEventTypesQuery)
export class ListEventTypesHandler implements IQueryHandler<ListEventTypesQuery> {
  private cached?: EventTypes;

  execute(): Promise<EventTypes> {
    return Promise.resolve((this.cached ??= build()));
  }
}
