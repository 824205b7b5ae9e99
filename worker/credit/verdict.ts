// The verdict is pure and shared with the widget (instant job-value checks in the browser):
// it lives in shared/credit-verdict.ts; the worker keeps importing it from here.
export {
  CreditInputError,
  creditVerdict,
  DEFAULT_WARNING_THRESHOLD,
  jobCheck,
  type VerdictInput,
} from "../../shared/credit-verdict.ts";
