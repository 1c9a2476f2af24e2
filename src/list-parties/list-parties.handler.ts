import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { parties } from '../domain/codes';
import { ListPartiesQuery } from './list-parties.query';

export interface PartyList {
  parties: ReturnType<typeof parties>;
}

/** Every code the ledger accepts as actor or target, with its English name: the web page's picker. */
@QueryHandler(ListPartiesQuery)
export class ListPartiesHandler implements IQueryHandler<ListPartiesQuery> {
  private readonly list: PartyList = { parties: parties().sort((a, b) => a.name.localeCompare(b.name, 'en')) };

  execute(): Promise<PartyList> {
    return Promise.resolve(this.list);
  }
}
