import { DynamicModule, Inject, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { join } from 'node:path';
import { CONFIG, Config } from './config/config';
import { CorrectActionController } from './correct-action/correct-action.controller';
import { CorrectActionHandler } from './correct-action/correct-action.handler';
import { EVENT_STORE, EventStore } from './event-store/event-store.port';
import { EventStoreDbEventStore } from './event-store/eventstoredb/eventstoredb-event-store';
import { InMemoryEventStore } from './event-store/in-memory/in-memory-event-store';
import { SqliteEventStore } from './event-store/sqlite/sqlite-event-store';
import { GetChangesController } from './get-changes/get-changes.controller';
import { GetChangesHandler, GetCountryChangesHandler } from './get-changes/get-changes.handler';
import { GetCountryRelationsController } from './get-country-relations/get-country-relations.controller';
import { GetCountryRelationsHandler } from './get-country-relations/get-country-relations.handler';
import { GetEntitiesController } from './get-entities/get-entities.controller';
import { GetEntitiesHandler } from './get-entities/get-entities.handler';
import { GetEventController } from './get-event/get-event.controller';
import { GetEventHandler } from './get-event/get-event.handler';
import { GetPanelController } from './get-panel/get-panel.controller';
import { GetPanelHandler } from './get-panel/get-panel.handler';
import { GetRelationStateController } from './get-relation-state/get-relation-state.controller';
import { GetRelationStateHandler } from './get-relation-state/get-relation-state.handler';
import { GetRelationsIndexController } from './get-relations-index/get-relations-index.controller';
import { GetRelationsIndexHandler } from './get-relations-index/get-relations-index.handler';
import { GetSanctionsController } from './get-sanctions/get-sanctions.controller';
import { GetSanctionsHandler } from './get-sanctions/get-sanctions.handler';
import { GetTimelineController } from './get-timeline/get-timeline.controller';
import { GetTimelineHandler } from './get-timeline/get-timeline.handler';
import { HealthController } from './health/health.controller';
import { ErrorFilter } from './http/error.filter';
import { ReadYourWritesGuard } from './http/read-your-writes';
import { validationPipe } from './http/validation.pipe';
import { LedgerWriter } from './ledger/ledger-writer';
import { LiveFeedController } from './live-feed/live-feed.controller';
import { LiveLog } from './live-feed/live-log';
import { ListMembersController } from './list-members/list-members.controller';
import { ListMembersHandler } from './list-members/list-members.handler';
import { ListEventTypesController } from './list-event-types/list-event-types.controller';
import { ListEventTypesHandler } from './list-event-types/list-event-types.handler';
import { ListPartiesController } from './list-parties/list-parties.controller';
import { ListPartiesHandler } from './list-parties/list-parties.handler';
import { ProjectionsController } from './projections/projections.controller';
import { MetricsController } from './get-metrics/metrics.controller';
import { MetricsServer } from './get-metrics/metrics-server';
import { WatchesController } from './manage-watches/watches.controller';
import { Courier } from './notify-watchers/courier';
import { WatchDispatcher } from './notify-watchers/dispatcher';
import { TimedChanges } from './notify-watchers/timed-changes';
import { WatchStore } from './notify-watchers/watch-store';
import { loggingModule } from './observability/logging';
import { metered } from './observability/metered-event-store';
import { Metrics } from './observability/metrics';
import { Projector } from './projections/projector';
import { ReadModelProgress } from './projections/read-model-progress';
import { RelationReader } from './projections/relation-reader';
import { SanctionsReader } from './projections/sanctions-reader';
import { ReadLogController } from './read-log/read-log.controller';
import { ReadLogHandler } from './read-log/read-log.handler';
import { RecordActionController } from './record-action/record-action.controller';
import { CheckActionsHandler, RecordActionsHandler } from './record-action/record-action.handler';
import { RetractActionController } from './retract-action/retract-action.controller';
import { RetractActionHandler } from './retract-action/retract-action.handler';
import { LogController } from './verifiable-log/log.controller';
import { LogTree } from './verifiable-log/log-tree';
import { loadSigner, SIGNER } from './verifiable-log/signing-key';
import { VerifyIntegrityController } from './verify-integrity/verify-integrity.controller';
import { VerifyIntegrityHandler } from './verify-integrity/verify-integrity.handler';

function openEventStore(config: Config, metrics: Metrics): EventStore {
  if (config.eventStore !== 'sqlite') {
    return new EventStoreDbEventStore({
      connectionString: config.eventStoreConnectionString!,
      client: config.eventStore,
    });
  }
  if (!config.dataDir) return new InMemoryEventStore();
  return new SqliteEventStore(join(config.dataDir, 'events.db'), Date.now, (appends, ms) => {
    metrics.commitSize.observe(appends);
    metrics.commitTime.observe(ms / 1000);
  });
}

const handlers = [
  RecordActionsHandler,
  CheckActionsHandler,
  RetractActionHandler,
  CorrectActionHandler,
  GetEventHandler,
  ReadLogHandler,
  GetRelationStateHandler,
  GetTimelineHandler,
  GetChangesHandler,
  GetCountryChangesHandler,
  GetCountryRelationsHandler,
  GetSanctionsHandler,
  GetEntitiesHandler,
  ListEventTypesHandler,
  GetRelationsIndexHandler,
  GetPanelHandler,
  ListPartiesHandler,
  ListMembersHandler,
  VerifyIntegrityHandler,
];

@Module({})
export class AppModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** `store` overrides the configured event store (tests pass an in-memory one). */
  static forRoot(config: Config, store?: EventStore): DynamicModule {
    const providers: Provider[] = [
      { provide: CONFIG, useValue: config },
      { provide: SIGNER, useValue: loadSigner(config) },
      Metrics,
      {
        provide: EVENT_STORE,
        inject: [Metrics],
        useFactory: (metrics: Metrics) => metered(store ?? openEventStore(config, metrics), metrics),
      },
      ReadModelProgress,
      Projector,
      { provide: RelationReader, inject: [Projector], useFactory: (p: Projector) => p.reader },
      { provide: SanctionsReader, inject: [Projector], useFactory: (p: Projector) => p.sanctions },
      LedgerWriter,
      MetricsServer,
      {
        provide: WatchStore,
        useFactory: () => new WatchStore(config.dataDir ? join(config.dataDir, 'watches.db') : ':memory:'),
      },
      Courier,
      WatchDispatcher,
      TimedChanges,
      LiveLog,
      LogTree,
      ...handlers,
      { provide: APP_FILTER, useClass: ErrorFilter },
      { provide: APP_PIPE, useFactory: validationPipe },
      { provide: APP_GUARD, useClass: ReadYourWritesGuard },
    ];
    return {
      module: AppModule,
      imports: [loggingModule(config), CqrsModule.forRoot(), TerminusModule.forRoot({ logger: false })],
      controllers: [
        RecordActionController,
        RetractActionController,
        CorrectActionController,
        ReadLogController,
        LiveFeedController,
        GetEventController,
        GetRelationStateController,
        GetTimelineController,
        GetChangesController,
        GetSanctionsController,
        GetEntitiesController,
        GetCountryRelationsController,
        ListEventTypesController,
        GetRelationsIndexController,
        GetPanelController,
        ListPartiesController,
        ListMembersController,
        ProjectionsController,
        HealthController,
        VerifyIntegrityController,
        MetricsController,
        WatchesController,
        LogController,
      ],
      providers,
    };
  }

  async onApplicationShutdown() {
    await this.store.close();
  }
}
