import { Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Requires } from '../http/access';
import { WaitsOnItsOwn } from '../http/read-your-writes';
import { Projector } from './projector';

/** Reports on the read models, so it answers at once rather than waiting for them (read-your-writes). */
@ApiTags('projections')
@WaitsOnItsOwn()
@Controller('v1/projections')
export class ProjectionsController {
  constructor(private readonly projector: Projector) {}

  @Get()
  @ApiOperation({ summary: "Each projection: status, checkpoint, lag behind the log, a rebuild's progress" })
  async list() {
    return { projections: await this.projector.status() };
  }

  @Post('rebuild')
  @Requires('admin')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Rebuild the read models from the log while reads go on; swapped in when caught up' })
  @ApiResponse({ status: 202, description: "The rebuild's id and progress" })
  @ApiResponse({ status: 409, description: 'A rebuild is running: its progress' })
  rebuild() {
    return this.projector.rebuild();
  }
}
