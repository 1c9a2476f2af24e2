import { Query } from '@nestjs/cqrs';
import type { IntegrityReport } from '../event-store/event-store.port';

export class VerifyIntegrityQuery extends Query<IntegrityReport> {}
