import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { LedgerWriter, WriteItem, WriteOutcome } from '../ledger/ledger-writer';
import { CheckActionsCommand, RecordActionsCommand } from './record-action.command';
import { RecordActionDto } from './record-action.dto';

const toItems = (actions: RecordActionDto[], batch: boolean): WriteItem[] =>
  actions.map(({ type, eventId, expectedRevision, details, provenance, ...data }, i) => ({
    command: {
      kind: 'RecordAction' as const,
      type,
      eventId: eventId ?? randomUUID(),
      data: { ...data, details: details ?? {} },
    },
    expectedRevision,
    path: batch ? `events[${i}].` : '',
    provenance,
  }));

@CommandHandler(RecordActionsCommand)
export class RecordActionsHandler implements ICommandHandler<RecordActionsCommand> {
  constructor(private readonly writer: LedgerWriter) {}

  execute({ actions, batch, recordedBy }: RecordActionsCommand): Promise<WriteOutcome> {
    return this.writer.write(toItems(actions, batch), recordedBy);
  }
}

@CommandHandler(CheckActionsCommand)
export class CheckActionsHandler implements ICommandHandler<CheckActionsCommand> {
  constructor(private readonly writer: LedgerWriter) {}

  execute({ actions, batch }: CheckActionsCommand) {
    return this.writer.check(toItems(actions, batch));
  }
}
