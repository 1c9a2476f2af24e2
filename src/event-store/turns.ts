/**
 * Long reads of the log (a live feed catching up, an NDJSON export, a chain check) take turns: each asks for a
 * turn before each page, and one turn is given per turn of the event loop, in the order asked, so that between
 * two pages the requests that arrived meanwhile are answered. A page is a few milliseconds of work; without
 * turns, sixty catch-ups from the start held every other request up for as long as they all took.
 */
export class Turns {
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  /** Resolves when it is this reader's turn to read (and send) one page. */
  take(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || !this.waiting.length) return;
    this.scheduled = true;
    // setImmediate runs after the poll phase: the I/O that is ready (new requests) goes first.
    setImmediate(() => {
      this.scheduled = false;
      this.waiting.shift()!();
      this.schedule();
    });
  }
}

/** The process's one event loop, shared by every long read. */
export const longReads = new Turns();
