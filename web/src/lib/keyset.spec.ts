import { currentCursor, firstPage, nextPage, pageNumber, previousPage } from './keyset';

describe('keyset paging', () => {
  it('walks forward with nextCursor and back again', () => {
    const two = nextPage(firstPage, 'c1');
    const three = nextPage(two, 'c2');
    expect(currentCursor(firstPage)).toBeUndefined();
    expect(currentCursor(three)).toBe('c2');
    expect(pageNumber(three)).toBe(3);
    expect(currentCursor(previousPage(three))).toBe('c1');
    expect(nextPage(three, null)).toBe(three);
  });
});
