import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { Projector } from '../projections/projector';

/** 200 only when the store answers and every projection has caught up with the log; 503 otherwise. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: the store is reachable and the projections are live' })
  check() {
    return this.health.check([
      async () => {
        const up = this.indicator.check('eventStore');
        try {
          await this.store.ping();
          return up.up();
        } catch (e) {
          return up.down({ message: (e as Error).message });
        }
      },
      async () => {
        const up = this.indicator.check('projections');
        const projections = await this.projector.status();
        const lagging = projections.filter((p) => p.lag > 0);
        return lagging.length ? up.down({ projections }) : up.up({ projections });
      },
    ]);
  }
}
