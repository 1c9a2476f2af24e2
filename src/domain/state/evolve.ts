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

function liftKinds(s: RelationState, a: Action<'SanctionsLifted'>, kinds: MeasureKind[]): RelationState {
  const sanctions = { ...s.sanctions };
  for (const p of Object.values(s.sanctions)) {
    if (p.status !== 'active' || p.imposedBy !== a.actor || p.target !== a.target) continue;
    const measures = p.measures.filter((m) => !kinds.includes(m.kind));
    if (measures.length === p.measures.length) continue;
    sanctions[p.id] = measures.length ? { ...p, measures } : lifted(p, a);
  }
  return { ...s, sanctions };
}

const lifted = (p: SanctionsPackage, a: Action): SanctionsPackage => ({
  ...p,
  status: 'lifted',
  liftedAt: a.occurredAt,
  liftedBy: a.eventId,
});

/** Applies one action's effect on the area of the state it concerns. */
function apply(s: RelationState, a: Action): RelationState {
  const since = { since: a.occurredAt, eventId: a.eventId };
  switch (a.type) {
    case 'SanctionsImposed': {
      const d = as(a, 'SanctionsImposed').details;
      const pkg: SanctionsPackage = {
        id: a.eventId,
        imposedBy: a.actor,
        target: a.target,
        since: a.occurredAt,
        measures: d.measures,
        status: 'active',
      };
      return { ...s, sanctions: { ...s.sanctions, [a.eventId]: pkg } };
    }
    case 'SanctionsLifted': {
      const lift = as(a, 'SanctionsLifted');
      const { sanctionsId, kinds } = lift.details;
      if (kinds) return liftKinds(s, lift, kinds);
      const pkg = sanctionsId ? s.sanctions[sanctionsId] : undefined;
      // A lift that precedes its package in valid time has nothing to lift yet.
      if (!pkg || pkg.status !== 'active') return s;
      return { ...s, sanctions: { ...s.sanctions, [pkg.id]: lifted(pkg, a) } };
    }
    case 'TalksOpened':
    case 'TalksResumed':
    case 'TalksSuspended':
    case 'TalksTerminated': {
      const { track } = as(a, a.type).details;
      return { ...s, talks: { ...s.talks, [track]: { track, status: TALKS[a.type], by: a.actor, ...since } } };
    }
    case 'CooperationLaunched':
    case 'CooperationResumed':
    case 'CooperationSuspended':
    case 'CooperationTerminated': {
      const { framework } = as(a, a.type).details;
      const entry = { framework, status: TALKS[a.type], by: a.actor, ...since };
      return { ...s, cooperation: { ...s.cooperation, [framework]: entry } };
    }
    case 'VisaRegimeGranted':
    case 'VisaRegimeRevoked': {
      const { regime } = as(a, a.type).details;
      const status = a.type === 'VisaRegimeGranted' ? 'in-force' : 'revoked';
      const entry = { regime, grantedBy: a.actor, beneficiary: a.target, status, ...since } as const;
      return { ...s, visaRegimes: { ...s.visaRegimes, [`${regime}|${a.actor}`]: entry } };
    }
    case 'DiplomaticRelationsDowngraded':
    case 'DiplomaticRelationsSevered':
    case 'DiplomaticRelationsRestored':
      return { ...s, diplomaticRelations: { status: RELATIONS[a.type], ...since } };
    case 'AmbassadorRecalled':
    case 'AmbassadorReturned': {
      const status = a.type === 'AmbassadorRecalled' ? 'recalled' : 'present';
      const entry = { of: a.actor, in: a.target, status, ...since } as const;
      return { ...s, ambassadors: { ...s.ambassadors, [`${a.actor}>${a.target}`]: entry } };
    }
    case 'DiplomatsExpelled':
    case 'ProtestLodged':
      return { ...s, incidents: { ...s.incidents, [a.type]: (s.incidents[a.type] ?? 0) + 1 } };
    default: {
      const never: never = a.type;
      throw new Error(`unhandled action type ${String(never)}`);
    }
  }
}

/** evolve(state, action): the pair's state after one more action, in valid-time order. */
export function evolve(state: RelationState, action: Action): RelationState {
  const next = apply(state, action);
  return {
    ...next,
    index: { score: state.index.score + goldstein(action.type), actions: state.index.actions + 1 },
    eventCount: state.eventCount + 1,
    lastEventAt: action.occurredAt,
  };
}

/** Valid-time order; ties go to log order. */
export const byValidTime = (a: Action, b: Action) => a.at - b.at || a.position - b.position;

export const foldActions = (actions: Iterable<Action>, from: RelationState): RelationState => {
  let s = from;
  for (const a of actions) s = evolve(s, a);
  return s;
};
