import { Command, decide, Decision, dependsOn, knowing, learn } from '../../src/domain/decide';
import { DomainError, DomainErrorKind } from '../../src/domain/errors';
import { RecordedEvent } from '../../src/domain/events';

/**
 * The decider's specifications, in the form event-sourced code is specified in: given the events in the
 * log, when these commands are decided in order (a batch: each knows what the ones before it decided),
 * then these decisions, or this error.
 *
 *   given(h.events).when(retract(id)).then([{ stream: 'pair-JP-RU', events: [...] }]);
 *   given(h.events).when(retract(id)).rejects('conflict', /already retracted/);
 */
export function given(events: RecordedEvent[]) {
  return {
    when(...commands: Command[]) {
      const decisions = () => {
        let k = learn(knowing(commands.flatMap(dependsOn)), events);
        return commands.map((c) => {
          const decision = decide(c, k);
          k = learn(k, decision.events);
          return decision;
        });
      };
      return {
        then(expected: Decision[]) {
          expect(decisions()).toEqual(expected);
        },
        rejects(kind: DomainErrorKind, message: RegExp) {
          let error: unknown;
          try {
            decisions();
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(DomainError);
          expect(error).toMatchObject({ kind, message: expect.stringMatching(message) });
        },
      };
    },
  };
}
