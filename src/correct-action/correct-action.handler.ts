import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { LedgerWriter, WriteOutcome } from '../ledger/ledger-writer';
import { CorrectActionCommand } from './correct-action.command';

@CommandHandler(CorrectActionCommand)
export class CorrectActionHandler implements ICommandHandler<CorrectActionCommand> {
  constructor(private readonly writer: LedgerWriter) {}

  execute({ corrects, body, recordedBy }: CorrectActionCommand): Promise<WriteOutcome> {
    const { eventId, ...fields } = body;
    const command = { kind: 'CorrectAction' as const, eventId: eventId ?? randomUUID(), corrects, ...fields };
    return this.writer.write([{ command, path: '' }], recordedBy);
  }
}
