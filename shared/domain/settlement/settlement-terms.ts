import { RuleViolation } from '../errors';
import type { Obligation, SubjectMatter } from './settlement';

/** What the mediator records: the obligations, the clauses and the subject matter, stated explicitly. */
export interface SettlementTerms {
  obligations: Obligation[];
  clauses: string[];
  subjectMatter: SubjectMatter;
}

export interface TermsProblem {
  path: string;
  code: string;
  message: string;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDay(day: string): boolean {
  if (!ISO_DAY.test(day)) return false;
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

/**
 * The rules a settlement's terms must meet before they become a document anyone signs: every
 * obligation is between two different parties of this dispute; a payment is a positive whole
 * amount in minor units whose instalments add up to it exactly; every due date is a real calendar
 * day (Asia/Shanghai) no earlier than the day the terms are recorded. Content the court will judge
 * (clarity, voluntariness) is not checked here.
 */
export function termsProblems(terms: SettlementTerms, context: { partyIds: string[]; today: string }): TermsProblem[] {
  const problems: TermsProblem[] = [];
  const parties = new Set(context.partyIds);
  if (terms.obligations.length === 0) {
    problems.push({
      path: 'obligations',
      code: 'no_obligations',
      message: 'a settlement needs at least one obligation',
    });
  }
  const dueDate = (path: string, day: string) => {
    if (!isCalendarDay(day)) problems.push({ path, code: 'due_date_invalid', message: `${day} is not a calendar day` });
    else if (day < context.today)
      problems.push({ path, code: 'due_date_past', message: `due date ${day} is before today (${context.today})` });
  };
  terms.obligations.forEach((obligation, index) => {
    const at = `obligations.${index}`;
    for (const side of ['debtor', 'creditor'] as const) {
      if (!parties.has(obligation[side])) {
        problems.push({
          path: `${at}.${side}`,
          code: 'obligation_party_unknown',
          message: `${obligation[side]} is not a party of this dispute`,
        });
      }
    }
    if (obligation.debtor === obligation.creditor) {
      problems.push({
        path: at,
        code: 'obligation_to_self',
        message: 'the debtor and the creditor are the same party',
      });
    }
    if (obligation.kind === 'act') {
      dueDate(`${at}.dueDate`, obligation.dueDate);
      return;
    }
    if (!Number.isSafeInteger(obligation.amountMinor) || obligation.amountMinor <= 0) {
      problems.push({
        path: `${at}.amountMinor`,
        code: 'amount_not_positive',
        message: 'the amount must be above zero',
      });
    }
    if (obligation.instalments.length === 0) {
      problems.push({
        path: `${at}.instalments`,
        code: 'no_instalments',
        message: 'a payment needs at least one instalment',
      });
    }
    obligation.instalments.forEach((instalment, position) => {
      if (!Number.isSafeInteger(instalment.amountMinor) || instalment.amountMinor <= 0) {
        problems.push({
          path: `${at}.instalments.${position}.amountMinor`,
          code: 'amount_not_positive',
          message: 'every instalment must be above zero',
        });
      }
      dueDate(`${at}.instalments.${position}.dueDate`, instalment.dueDate);
    });
    const sum = obligation.instalments.reduce((total, instalment) => total + instalment.amountMinor, 0);
    if (obligation.instalments.length > 0 && sum !== obligation.amountMinor) {
      problems.push({
        path: `${at}.instalments`,
        code: 'instalments_sum_mismatch',
        message: `the instalments add up to ${sum}, not the amount ${obligation.amountMinor}`,
      });
    }
  });
  return problems;
}

/** Throws the first broken rule as a 422, with every problem in the details. */
export function assertValidTerms(terms: SettlementTerms, context: { partyIds: string[]; today: string }): void {
  const problems = termsProblems(terms, context);
  const first = problems[0];
  if (first) {
    throw new RuleViolation(first.code, problems.map((problem) => `${problem.path}: ${problem.message}`).join('; '), {
      details: { problems },
    });
  }
}
