import { checkTargets, matchTrack } from './program-targets';

const program = { targetTrainees: 1000, tracks: ['AI', 'Cloud'] };

describe('checkTargets', () => {
  it('normalises keys: gender aliases, province names and the program spelling of a track', () => {
    const result = checkTargets(
      [
        { dimension: 'gender', key: 'F', target: 400 },
        { dimension: 'province', key: 'khyber pakhtunkhwa', target: 300 },
        { dimension: 'province', key: 'pb', target: 300 },
        { dimension: 'track', key: 'cloud', target: 200 },
      ],
      program,
    );
    expect(result).toEqual({
      ok: true,
      targets: [
        { dimension: 'gender', key: 'female', target: 400 },
        { dimension: 'province', key: 'KP', target: 300 },
        { dimension: 'province', key: 'PB', target: 300 },
        { dimension: 'track', key: 'Cloud', target: 200 },
      ],
    });
  });

  it('names the bad key of each refused target', () => {
    const result = checkTargets(
      [
        { dimension: 'gender', key: 'female', target: 10 },
        { dimension: 'gender', key: 'unknown', target: 10 },
        { dimension: 'province', key: 'Narnia', target: 10 },
        { dimension: 'track', key: 'Blockchain', target: 10 },
      ],
      program,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field)).toEqual([
      'targets.1.key',
      'targets.2.key',
      'targets.3.key',
    ]);
    expect(result.errors[2].message).toContain('AI, Cloud');
  });

  it('refuses the same key twice, even written differently', () => {
    const result = checkTargets(
      [
        { dimension: 'gender', key: 'female', target: 10 },
        { dimension: 'gender', key: 'F', target: 10 },
      ],
      program,
    );
    expect(result).toEqual({
      ok: false,
      errors: [{ field: 'targets.1.key', message: 'gender target female is given twice' }],
    });
  });

  it('allows a dimension to add up to the total, not beyond', () => {
    const exact = checkTargets(
      [
        { dimension: 'gender', key: 'female', target: 600 },
        { dimension: 'gender', key: 'male', target: 400 },
        { dimension: 'track', key: 'AI', target: 1000 },
      ],
      program,
    );
    expect(exact.ok).toBe(true);
    const over = checkTargets(
      [
        { dimension: 'gender', key: 'female', target: 600 },
        { dimension: 'gender', key: 'male', target: 401 },
      ],
      program,
    );
    expect(over.ok).toBe(false);
    if (over.ok) return;
    expect(over.errors).toEqual([
      {
        field: 'targets',
        message: 'the gender sub-targets add up to 1001, more than targetTrainees (1000)',
      },
    ]);
  });

  it('refuses any track target when the program lists no tracks', () => {
    const result = checkTargets([{ dimension: 'track', key: 'AI', target: 1 }], {
      targetTrainees: 10,
      tracks: [],
    });
    expect(result.ok).toBe(false);
  });
});

describe('matchTrack', () => {
  it('matches case-insensitively and answers the program spelling', () => {
    expect(matchTrack(['AI', 'Cybersecurity'], ' cybersecurity ')).toBe('Cybersecurity');
    expect(matchTrack(['AI'], 'Cloud')).toBeNull();
  });
});
