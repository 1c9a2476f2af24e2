import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Requires } from '../http/access';
import { WaitsOnItsOwn } from '../http/read-your-writes';
import { Metrics } from '../observability/metrics';

/** GET /metrics: the Prometheus scrape, for admins (or without a token on METRICS_PORT). */
@ApiTags('operations')
@ApiBearerAuth()
@WaitsOnItsOwn()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Requires('admin')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'Metrics in the Prometheus text format (admin; or unauthenticated on METRICS_PORT)' })
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
