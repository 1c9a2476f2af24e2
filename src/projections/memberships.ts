import { isOrganisation } from '../domain/codes';
import { pairOf } from '../domain/pair';
import { withInherited } from '../domain/state/inherit';
import { StateView, viewState } from '../domain/state/view';
import { ViewOptions } from '../domain/areas/area';
import { RelationReader } from './relation-reader';

/**
 * Memberships on one date as known at one time, read from the membership entries of the pairs of a state and
 * an organisation: who belonged to an organisation, what a party belonged to, and what it inherits from them.
 */
export class MembershipsAt {
  private readonly organisations = new Map<string, string[]>();

  constructor(
    private readonly reader: RelationReader,
    private readonly asOf: number,
    private readonly knownAt: number,
  ) {}

  /** The membership entries in force of a party's pairs with the other side of a membership. */
  private entries(party: string, others: (code: string) => boolean) {
    return this.reader
      .pairsOf(party)
      .filter((pair) => others(pair[0] === party ? pair[1] : pair[0]))
      .flatMap((pair) => Object.values(this.reader.stateAt(pair, this.asOf, this.knownAt).state.membership))
      .filter((e) => e.status === 'member');
  }

  /** The states that were members of an organisation, each with the date its membership began. */
  members(organisation: string): { code: string; since: string }[] {
    return this.entries(organisation, (code) => !isOrganisation(code)).map((e) => ({ code: e.member, since: e.since }));
  }

  /** The organisations a party was a member of. */
  organisationsOf(party: string): string[] {
    let orgs = this.organisations.get(party);
    if (!orgs) {
      orgs = isOrganisation(party) ? [] : this.entries(party, isOrganisation).map((e) => e.organisation);
      this.organisations.set(party, orgs);
    }
    return orgs;
  }

  /** A pair's view with what each party's organisations had in force on the other party, marked `via`. */
  inherit(view: StateView, a: string, b: string, opts: ViewOptions): StateView {
    for (const [party, other] of [
      [a, b],
      [b, a],
    ]) {
      for (const org of this.organisationsOf(party).filter((o) => o !== other)) {
        const { state } = this.reader.stateAt(
          pairOf(org, other),
          this.asOf,
          this.knownAt,
          opts.include?.includes('lifted'),
        );
        view = withInherited(view, org, viewState(state, opts));
      }
    }
    return view;
  }
}
