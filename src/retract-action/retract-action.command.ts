import { Command } from '@nestjs/cqrs';
import { WriteOutcome } from '../ledger/ledger-writer';
import { RetractActionDto } from './retract-action.dto';

export class RetractActionCommand extends Command<WriteOutcome> {
  constructor(
    readonly retracts: string,
    readonly body: RetractActionDto,
    readonly recordedBy: string,
  ) {
    super();
  }
}
