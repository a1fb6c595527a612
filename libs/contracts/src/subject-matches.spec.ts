import { subjectMatches } from './subject-matches';

describe('subjectMatches', () => {
  it.each([
    ['saga.dlq.>', 'saga.dlq.saga.cmd.order.create', true],
    ['saga.dlq.>', 'saga.dlq.x', true],
    ['saga.dlq.>', 'saga.dlq', false],
    ['saga.*.order', 'saga.cmd.order', true],
    ['saga.*.order', 'saga.cmd.order.create', false],
    ['saga.cmd.order', 'saga.cmd.order', true],
    ['saga.cmd.order', 'saga.cmd', false],
    ['saga.>.x', 'saga.a.x', false],
  ])('%s against %s is %s', (pattern, subject, matches) => {
    expect(subjectMatches(pattern, subject)).toBe(matches);
  });
});
