import { Query } from '@nestjs/cqrs';
import type { PartyList } from './list-parties.handler';

export class ListPartiesQuery extends Query<PartyList> {}
