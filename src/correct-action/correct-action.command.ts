import { Command } from '@nestjs/cqrs';
import { WriteOutcome } from '../ledger/ledger-writer';
import { CorrectActionDto } from './correct-action.dto';

export class CorrectActionCommand extends Command<WriteOutcome> {
  constructor(
    readonly corrects: string,
    readonly body: CorrectActionDto,
    readonly recordedBy: string,
  ) {
    super();
  }
}
