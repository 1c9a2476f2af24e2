import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { LedgerWriter, WriteOutcome } from '../ledger/ledger-writer';
import { RetractActionCommand } from './retract-action.command';

@CommandHandler(RetractActionCommand)
export class RetractActionHandler implements ICommandHandler<RetractActionCommand> {
  constructor(private readonly writer: LedgerWriter) {}

  execute({ retracts, body, recordedBy }: RetractActionCommand): Promise<WriteOutcome> {
    const command = {
      kind: 'RetractAction' as const,
      eventId: body.eventId ?? randomUUID(),
      retracts,
      reason: body.reason,
    };
    return this.writer.write([{ command, path: '' }], recordedBy);
  }
}
