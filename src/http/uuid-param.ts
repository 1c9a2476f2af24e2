import { BadRequestException, ParseUUIDPipe, PipeTransform } from '@nestjs/common';

/** UUIDs are case-insensitive (RFC 9562): event ids are kept and compared in lower case. */
export const lowerCased = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value);

const parseUuid = new ParseUUIDPipe({
  exceptionFactory: () => new BadRequestException('eventId in the path must be a UUID'),
});

/** An event id in the path must be a UUID: a 400 that names it, not a 404. */
export const uuidParam: PipeTransform<string, Promise<string>> = {
  transform: async (value, metadata) => lowerCased(await parseUuid.transform(value, metadata)) as string,
};
