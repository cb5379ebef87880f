import { describe, expect, it } from 'vitest';
import { chainWeight, heaviestChain } from '../../../src/align/acoustic/chain.js';

interface Item {
  start: number;
  end: number;
  weight: number;
}
const chainOf = (items: Item[]) => heaviestChain(items, (x) => x.weight, (x) => x);

describe('heaviestChain', () => {
  it('keeps every item when their places follow the order', () => {
    expect(chainOf([{ start: 0, end: 10, weight: 1 }, { start: 10, end: 20, weight: 1 }, { start: 30, end: 40, weight: 1 }])).toEqual([0, 1, 2]);
  });

  it('drops the lighter side where places cross or overlap', () => {
    // Item 1 sits after item 2 and 3 in time: one light item against two heavier ones.
    const items = [{ start: 0, end: 10, weight: 1 }, { start: 100, end: 110, weight: 3 }, { start: 20, end: 30, weight: 2 }, { start: 40, end: 50, weight: 2 }];
    expect(chainOf(items)).toEqual([0, 2, 3]);
    // Heavier alone than the two it crosses: it wins.
    items[1].weight = 5;
    expect(chainOf(items)).toEqual([0, 1]);
    // Overlapping places cannot both stand.
    expect(chainOf([{ start: 0, end: 20, weight: 1 }, { start: 10, end: 30, weight: 2 }])).toEqual([1]);
  });

  it('is empty for no items', () => {
    expect(chainOf([])).toEqual([]);
  });
});

describe('chainWeight', () => {
  it('weighs words by the impostor margin, and a barely-beating place by a small floor, never zero or less', () => {
    expect(chainWeight(10, 2)).toBe(20);
    expect(chainWeight(10, 0.05)).toBeCloseTo(1, 10);
    expect(chainWeight(10, -3)).toBeCloseTo(1, 10);
    // More words at the same margin weigh more.
    expect(chainWeight(20, 2)).toBeGreaterThan(chainWeight(10, 2));
  });
});
