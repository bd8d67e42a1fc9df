import { JsonArraySplitter } from '../../src/interop/import/json-array-splitter';

/** Feeds the text in chunks of `size` characters and returns the parsed elements. */
function split(text: string, size: number): unknown[] {
  const s = new JsonArraySplitter();
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...s.push(text.slice(i, i + size)));
  s.end();
  return out.map((t) => JSON.parse(t));
}

describe('JsonArraySplitter', () => {
  const elements = [
    { id: 'a', name: 'Rumah "aman" ]}', nested: [{ x: [1, 2, { y: '{[' }] }], escaped: 'a\\\\', quote: '\\"]' },
    'a string, with ] and }', 42, -1.5e3, true, null, [], {}, [[1], [2, [3]]], { u: 'é 漢 😀' },
  ];
  const text = `\uFEFF \n[ ${elements.map((e) => JSON.stringify(e, null, 1)).join(' ,\n')} ]\n`;

  it.each([1, 2, 3, 7, 64, 100_000])('gives every element of an array read in chunks of %i characters', (size) => {
    expect(split(text, size)).toEqual(elements);
  });

  it('gives nothing for an empty array', () => {
    expect(split('[ ]', 1)).toEqual([]);
  });

  it.each([
    ['{"contents": []}', /expected \[ \(an array of services\) at position 0/],
    ['[{"a": 1} {"b": 2}]', /expected , or \] after an element, found \{ at position 10/],
    ['[{"a": 1},, {"b": 2}]', /unexpected , at position 10/],
    ['[{"a": 1}', /unexpected end of the file \(the array is not closed\)/],
    ['[{"a": 1}] x', /text after the end of the array at position 11/],
    ['[1, 2]]', /text after the end of the array at position 6/],
  ])('refuses %s, naming the problem and its position', (input, message) => {
    expect(() => split(input, 3)).toThrow(message);
  });
});
