import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CONFIG, Config } from '../config/config';
import { conflict, invalid, notFound } from '../domain/errors';
import { pairOf } from '../domain/pair';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { AuthedRequest, Requires } from '../http/access';
import { Targets } from '../notify-watchers/target';
import { Watch } from '../notify-watchers/watch';
import { Delivery, WatchStore } from '../notify-watchers/watch-store';
import { CreateWatchDto, DeliveriesQueryDto } from './watches.dto';

const watchId = new ParseUUIDPipe({
  exceptionFactory: () => new BadRequestException('the watch id in the path must be a UUID'),
});

/** A watch as shown: everything but its secret. */
const shown = ({ secret: _secret, ...w }: Watch) => w;

const shownDelivery = (d: Delivery) => ({
  id: d.id,
  status: d.status,
  position: d.position,
  attempts: d.attempts,
  createdAt: new Date(d.createdAt).toISOString(),
  ...(d.status === 'pending' && { nextAttemptAt: new Date(d.nextAttemptAt).toISOString() }),
  ...(d.deliveredAt !== null && { deliveredAt: new Date(d.deliveredAt).toISOString() }),
  ...(d.lastError !== null && { lastError: d.lastError }),
  body: JSON.parse(d.body) as unknown,
});

/**
 * Watches: a writer asks to be told, by a signed POST to its URL, of what is recorded about a pair or a
 * party from now on. Operational settings rather than ledger facts (a secret has no place in the public
 * log), so they are kept beside the read models, not recorded as events. A watch is its creator's (or an
 * admin's) to read and delete.
 */
@ApiTags('watches')
@ApiBearerAuth()
@Controller('v1/watches')
export class WatchesController {
  private readonly targets: Targets;

  constructor(
    private readonly watches: WatchStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) config: Config,
  ) {
    this.targets = new Targets(config.watchAllowedHosts);
  }

  @Post()
  @Requires('writer')
  @ApiOperation({
    summary: 'Watch a pair or a party: each action recorded about it from now on is POSTed to url, signed',
  })
  @ApiResponse({ status: 201, description: 'The watch, without its secret' })
  async create(@Body() body: CreateWatchDto, @Req() req: AuthedRequest) {
    if ((body.pair === undefined) === (body.country === undefined)) {
      throw invalid('give exactly one of pair (two codes) and country');
    }
    if (body.pair && body.pair[0] === body.pair[1])
      throw invalid(`pair must be two different codes; got ${body.pair[0]} twice`);
    const url = this.targets.check(body.url).toString();
    const watch = this.watches.create({
      ...(body.pair && { pair: pairOf(body.pair[0], body.pair[1]) }),
      ...(body.country && { country: body.country }),
      ...(body.types && { types: [...new Set(body.types)] }),
      url,
      secret: body.secret,
      createdBy: req.principal!.name,
      createdAt: new Date().toISOString(),
      from: await this.store.headPosition(),
    });
    return shown(watch);
  }

  @Get(':id')
  @Requires('writer')
  @ApiOperation({ summary: 'A watch (without its secret)' })
  get(@Param('id', watchId) id: string, @Req() req: AuthedRequest) {
    return shown(this.owned(id, req));
  }

  @Delete(':id')
  @Requires('writer')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop a watch: what it had not delivered yet is cancelled' })
  remove(@Param('id', watchId) id: string, @Req() req: AuthedRequest) {
    this.owned(id, req);
    if (!this.watches.remove(id, new Date().toISOString())) throw conflict(`watch ${id} was deleted meanwhile`);
  }

  @Get(':id/deliveries')
  @Requires('writer')
  @ApiOperation({
    summary: "A watch's deliveries in order: status (pending, delivered, dead, cancelled), attempts, last error",
  })
  deliveries(@Param('id', watchId) id: string, @Query() q: DeliveriesQueryDto, @Req() req: AuthedRequest) {
    this.owned(id, req);
    const limit = q.limit ?? 100;
    const page = this.watches.deliveries(id, q.after, limit + 1);
    const deliveries = page.slice(0, limit).map(shownDelivery);
    return { deliveries, next: page.length > limit ? deliveries[deliveries.length - 1].id : null };
  }

  private owned(id: string, req: AuthedRequest): Watch {
    const watch = this.watches.watch(id.toLowerCase());
    const principal = req.principal!;
    // Another writer's watch is as good as absent: its existence is not theirs to learn.
    if (!watch || (principal.role !== 'admin' && watch.createdBy !== principal.name)) throw notFound(`no watch ${id}`);
    return watch;
  }
}
