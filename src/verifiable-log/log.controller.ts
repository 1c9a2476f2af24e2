import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConsistencyDto, EntriesDto, InclusionDto, TreeSizeDto } from './log.dto';
import { LogTree } from './log-tree';

/** The log as a verifiable log (RFC 9162 trees, C2SP checkpoints): see docs/RELIABILITY.md. */
@ApiTags('log')
@Controller('v1/log')
export class LogController {
  constructor(private readonly tree: LogTree) {}

  @Get('checkpoint')
  @ApiOperation({
    summary:
      'A signed checkpoint (C2SP tlog-checkpoint, Ed25519 signed note) of the Merkle tree over the log: keep it, publish it',
  })
  checkpoint(@Query() q: TreeSizeDto) {
    return this.tree.checkpoint(q.treeSize);
  }

  @Get('proof/inclusion')
  @ApiOperation({ summary: "An event's audit path in the tree (RFC 9162 §2.1.3)" })
  inclusion(@Query() q: InclusionDto) {
    return this.tree.inclusion(q.eventId, q.treeSize);
  }

  @Get('proof/consistency')
  @ApiOperation({ summary: 'That the tree of `first` leaves is a prefix of the tree of `second` (RFC 9162 §2.1.4)' })
  consistency(@Query() q: ConsistencyDto) {
    return this.tree.consistency(q.first, q.second);
  }

  @Get('entries')
  @ApiOperation({ summary: 'Leaves from `start`, each with its event as stored: what recomputes the tree' })
  entries(@Query() q: EntriesDto) {
    return this.tree.entries(q.start ?? 0, q.count ?? 100);
  }
}
