import { Query } from '@nestjs/cqrs';
import { Pair } from '../domain/pair';
import { Change } from '../domain/state/diff';
import { EventView } from '../ledger/event-view';
import { ChangesQueryDto } from './get-changes.dto';

/** Between two dates: what changed in the world. */
export interface ChangesAnswer {
  pair: Pair;
  from: string;
  to: string;
  knownAt: string;
  changes: Change[];
}

/** Since a time: what the ledger learned, and the events that told it. */
export interface LearnedAnswer {
  pair: Pair;
  since: string;
  knownAt: string;
  asOf: string;
  changes: Change[];
  recorded: EventView[];
}

export class GetChangesQuery extends Query<ChangesAnswer | LearnedAnswer> {
  constructor(
    readonly pair: Pair,
    readonly q: ChangesQueryDto,
  ) {
    super();
  }
}

export interface CountryLearnedAnswer {
  code: string;
  since: string;
  knownAt: string;
  asOf: string;
  counterparts: (Omit<LearnedAnswer, 'pair' | 'since' | 'knownAt' | 'asOf'> & { counterpart: string; name: string })[];
}

export class GetCountryChangesQuery extends Query<CountryLearnedAnswer> {
  constructor(
    readonly code: string,
    readonly since: string,
    readonly asOf: string | undefined,
    readonly knownAt: string | undefined,
  ) {
    super();
  }
}
