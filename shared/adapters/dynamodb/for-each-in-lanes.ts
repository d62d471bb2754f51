/**
 * Acts on every item, `lanes` at a time (each lane takes the next item when it is done), so a walk
 * over a whole table keeps a few writes in flight without starting them all at once.
 */
export async function forEachInLanes<T>(items: readonly T[], lanes: number, act: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await act(items[next++] as T);
  };
  await Promise.all(Array.from({ length: lanes }, lane));
}
