import { Command } from '@nestjs/cqrs';
import { WriteOutcome } from '../ledger/ledger-writer';
import { RecordActionDto } from './record-action.dto';

/** Records one action, or a batch all or nothing. `batch` names items `events[i].` in errors. */
export class RecordActionsCommand extends Command<WriteOutcome> {
  constructor(
    readonly actions: RecordActionDto[],
    readonly batch: boolean,
    readonly recordedBy: string,
  ) {
    super();
  }
}

/** A dry run: every check of RecordActionsCommand, nothing recorded. */
export class CheckActionsCommand extends Command<{ eventId: string; pair: readonly [string, string] }[]> {
  constructor(
    readonly actions: RecordActionDto[],
    readonly batch: boolean,
  ) {
    super();
  }
}
