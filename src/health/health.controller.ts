import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { CONFIG, Config } from '../config/config';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { WaitsOnItsOwn } from '../http/read-your-writes';
import { Projector } from '../projections/projector';
import { ReadModelProgress } from '../projections/read-model-progress';

/** How long a health check waits for the projection of writes this process has answered: probes want a quick answer. */
const WRITES_WAIT_MS = 500;

/** 200 only when the store answers and every projection has caught up with the log; 503 otherwise. */
@ApiTags('health')
@WaitsOnItsOwn()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
    @Inject(CONFIG) private readonly config: Config,
    private readonly progress: ReadModelProgress,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: the store is reachable and the projections are live' })
  async check() {
    // A write answered just before is durable but may be projected a moment later: give it that moment.
    await this.progress.caughtUp(WRITES_WAIT_MS).catch(() => undefined);
    // With READ_ACCESS=token, a probe (which carries no token) hears up or down, not the log's checkpoint or lag.
    const closed = this.config.readsNeedToken;
    try {
      const result = await this.checks();
      return closed ? { status: result.status } : result;
    } catch (e) {
      // Errors leave as { statusCode, error, message }: the message says what is down, and why.
      if (!(e instanceof ServiceUnavailableException)) throw e;
      const down = Object.entries((e.getResponse() as HealthCheckResult).error ?? {});
      throw new ServiceUnavailableException(
        `not ready: ${down.map(([name, d]) => (closed ? name : `${name}: ${String(d?.message)}`)).join('; ')}`,
      );
    }
  }

  private checks() {
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
        const behind = lagging.map(
          (p) => `${p.name} is ${p.lagAtLeast ? 'at least ' : ''}${p.lag} events behind the log`,
        );
        const message = behind.join(', ');
        return lagging.length ? up.down({ message, projections }) : up.up({ projections });
      },
    ]);
  }
}
