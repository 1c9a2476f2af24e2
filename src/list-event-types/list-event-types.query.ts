import { Query } from '@nestjs/cqrs';
import type { EventTypes } from './list-event-types.handler';

export class ListEventTypesQuery extends Query<EventTypes> {}
