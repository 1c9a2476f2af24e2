import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { LedgerWriter, WriteOutcome } from '../ledger/ledger-writer';
import { RecordActionsCommand } from './record-action.command';

@CommandHandler(RecordActionsCommand)
export class RecordActionsHandler implements ICommandHandler<RecordActionsCommand> {
  constructor(private readonly writer: LedgerWriter) {}

  execute({ actions, batch, recordedBy }: RecordActionsCommand): Promise<WriteOutcome> {
    const items = actions.map(({ type, eventId, expectedRevision, details, ...data }, i) => ({
      command: {
        kind: 'RecordAction' as const,
        type,
        eventId: eventId ?? randomUUID(),
        data: { ...data, details: details ?? {} },
      },
      expectedRevision,
      path: batch ? `events[${i}].` : '',
    }));
    return this.writer.write(items, recordedBy);
  }
}
