import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { CorrectActionDto } from '../correct-action/correct-action.dto';
import { MEASURE_KINDS, PACKAGE_STATUSES } from '../domain/areas/sanctions';
import { ACTION_TYPES, CATALOGUE } from '../domain/catalogue/catalogue';
import { STANDING_METHOD } from '../domain/state/standing';
import { RetractActionDto } from '../retract-action/retract-action.dto';
import { detailsSchemas } from './details-schemas';
import { ListEventTypesQuery } from './list-event-types.query';

/** Built once: the catalogue with JSON schemas derived from the same classes that validate. */
function build() {
  const schemas = validationMetadatasToSchemas({ refPointerPrefix: '#/definitions/' });
  const details = detailsSchemas('#/definitions/');
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
      ...ACTION_TYPES.map((type) => ({
        type,
        ...CATALOGUE[type],
        details: { ...details.byType[type], definitions: details.nested },
      })),
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
