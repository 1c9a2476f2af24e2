import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Projector } from './projector';

@ApiTags('projections')
@Controller('v1/projections')
export class ProjectionsController {
  constructor(private readonly projector: Projector) {}

  @Get()
  @ApiOperation({ summary: 'Each projection: status, checkpoint, lag behind the log' })
  async list() {
    return { projections: await this.projector.status() };
  }
}
