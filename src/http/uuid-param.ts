import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/** An event id in the path must be a UUID: a 400 that names it, not a 404. */
export const uuidParam = new ParseUUIDPipe({
  exceptionFactory: () => new BadRequestException('eventId in the path must be a UUID'),
});
