import { Turns } from './turns';

describe('Turns: long reads take turns with each other and with everything else', () => {
  it('gives one turn per turn of the event loop, in the order asked', async () => {
    const turns = new Turns();
    const order: string[] = [];
    const reader = async (name: string, pages: number) => {
      for (let i = 0; i < pages; i++) {
        await turns.take();
        order.push(`${name}${i}`);
      }
    };
    await Promise.all([reader('a', 3), reader('b', 2), reader('c', 1)]);
    expect(order).toEqual(['a0', 'b0', 'c0', 'a1', 'b1', 'a2']);
  });

  it('lets a timer that came due during a page run before the next page', async () => {
    const turns = new Turns();
    const order: string[] = [];
    const busy = (ms: number) => {
      for (const end = Date.now() + ms; Date.now() < end;);
    };
    const reader = async () => {
      for (let i = 0; i < 3; i++) {
        await turns.take();
        order.push(`page${i}`);
        if (i === 0) setTimeout(() => order.push('request'), 0);
        busy(5);
      }
    };
    await reader();
    expect(order).toEqual(['page0', 'request', 'page1', 'page2']);
  });
});
