import { ActionType, goldstein, MeasureKind } from '../catalogue/catalogue';
import { Action, RelationState, RelationsStatus, SanctionsPackage, TalksStatus } from './relation-state';

const TALKS: Record<string, TalksStatus> = {
  TalksOpened: 'active',
  TalksResumed: 'active',
  TalksSuspended: 'suspended',
  TalksTerminated: 'terminated',
  CooperationLaunched: 'active',
  CooperationResumed: 'active',
  CooperationSuspended: 'suspended',
  CooperationTerminated: 'terminated',
};

const RELATIONS: Record<string, RelationsStatus> = {
  DiplomaticRelationsDowngraded: 'downgraded',
  DiplomaticRelationsSevered: 'severed',
  DiplomaticRelationsRestored: 'normal',
};

const as = <T extends ActionType>(a: Action, _t: T) => a as Action<T>;

function lift(s: RelationState, p: SanctionsPackage, a: Action) {
  delete s.sanctions[p.id];
  s.lifted.push({ ...p, status: 'lifted', liftedAt: a.occurredAt, liftedBy: a.eventId });
}

function liftKinds(s: RelationState, a: Action<'SanctionsLifted'>, kinds: MeasureKind[]) {
  for (const p of Object.values(s.sanctions)) {
    if (p.imposedBy !== a.actor || p.target !== a.target) continue;
    const measures = p.measures.filter((m) => !kinds.includes(m.kind));
    if (measures.length === p.measures.length) continue;
    if (measures.length) s.sanctions[p.id] = { ...p, measures };
    else lift(s, p, a);
  }
}

/**
 * Applies one action's effect to the area of the state it concerns, in place. Only ever called
 * on the private copy a fold made: entries are replaced, never edited, so the copy can share them.
 */
function apply(s: RelationState, a: Action): void {
  const since = { since: a.occurredAt, eventId: a.eventId };
  switch (a.type) {
    case 'SanctionsImposed': {
      const { measures } = as(a, 'SanctionsImposed').details;
      s.sanctions[a.eventId] = {
        id: a.eventId,
        imposedBy: a.actor,
        target: a.target,
        since: a.occurredAt,
        measures,
        status: 'active',
      };
      return;
    }
    case 'SanctionsLifted': {
      const { sanctionsId, kinds } = as(a, 'SanctionsLifted').details;
      if (kinds) return liftKinds(s, as(a, 'SanctionsLifted'), kinds);
      // A lift that precedes its package in valid time, or repeats, has nothing in force to lift.
      const pkg = sanctionsId ? s.sanctions[sanctionsId] : undefined;
      if (pkg) lift(s, pkg, a);
      return;
    }
    case 'TalksOpened':
    case 'TalksResumed':
    case 'TalksSuspended':
    case 'TalksTerminated': {
      const { track } = as(a, a.type).details;
      s.talks[track] = { track, status: TALKS[a.type], by: a.actor, ...since };
      return;
    }
    case 'CooperationLaunched':
    case 'CooperationResumed':
    case 'CooperationSuspended':
    case 'CooperationTerminated': {
      const { framework } = as(a, a.type).details;
      s.cooperation[framework] = { framework, status: TALKS[a.type], by: a.actor, ...since };
      return;
    }
    case 'VisaRegimeGranted':
    case 'VisaRegimeRevoked': {
      const { regime } = as(a, a.type).details;
      const status = a.type === 'VisaRegimeGranted' ? 'in-force' : 'revoked';
      s.visaRegimes[`${regime}|${a.actor}`] = { regime, grantedBy: a.actor, beneficiary: a.target, status, ...since };
      return;
    }
    case 'DiplomaticRelationsDowngraded':
    case 'DiplomaticRelationsSevered':
    case 'DiplomaticRelationsRestored':
      s.diplomaticRelations = { status: RELATIONS[a.type], ...since };
      return;
    case 'AmbassadorRecalled':
    case 'AmbassadorReturned': {
      const status = a.type === 'AmbassadorRecalled' ? 'recalled' : 'present';
      s.ambassadors[`${a.actor}>${a.target}`] = { of: a.actor, in: a.target, status, ...since };
      return;
    }
    case 'DiplomatsExpelled':
    case 'ProtestLodged':
      s.incidents[a.type] = (s.incidents[a.type] ?? 0) + 1;
      return;
    default: {
      const never: never = a.type;
      throw new Error(`unhandled action type ${String(never)}`);
    }
  }
}

/** A copy whose maps and list a fold may change; the entries themselves are shared. */
const copyOf = (s: RelationState): RelationState => ({
  ...s,
  ambassadors: { ...s.ambassadors },
  sanctions: { ...s.sanctions },
  lifted: [...s.lifted],
  talks: { ...s.talks },
  visaRegimes: { ...s.visaRegimes },
  cooperation: { ...s.cooperation },
  incidents: { ...s.incidents },
  index: { ...s.index },
});

/**
 * The state after `actions`, in valid-time order, on top of `from`, which is left as it was.
 * One copy per fold, not per action: a step costs the same however long the pair's history.
 */
export function foldActions(actions: Iterable<Action>, from: RelationState): RelationState {
  const s = copyOf(from);
  for (const a of actions) {
    apply(s, a);
    s.index.score += goldstein(a.type);
    s.index.actions += 1;
    s.eventCount += 1;
    s.lastEventAt = a.occurredAt;
  }
  return s;
}

/** evolve(state, action): the pair's state after one more action, in valid-time order. */
export const evolve = (state: RelationState, action: Action): RelationState => foldActions([action], state);

/** Valid-time order; ties go to log order. */
export const byValidTime = (a: Action, b: Action) => a.at - b.at || a.position - b.position;
