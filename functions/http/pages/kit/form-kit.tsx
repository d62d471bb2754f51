import type { Child } from 'hono/jsx';
import type * as z from 'zod';
import type { Lang } from './language';
import { type Bilingual, type MessageKey, messages, say } from './messages';

/**
 * A form as it comes back after a refusal: what the visitor typed (kept, so nothing is typed twice),
 * the error at each field, and the errors about the form as a whole (a locked link, a wrong code).
 */
export interface FormState {
  values: Record<string, string>;
  fieldErrors: Record<string, Bilingual>;
  formErrors: Bilingual[];
}

export function emptyForm(values: Record<string, string> = {}): FormState {
  return { values, fieldErrors: {}, formErrors: [] };
}

/**
 * A refused form from zod's issues: each field's first issue becomes that field's message, taken
 * from `fieldMessages` (the field's own words), or "required" when the field was left empty.
 * Secrets (`keep: false` fields such as a code) are not sent back.
 */
export function formStateFrom(
  values: Record<string, string>,
  issues: readonly z.core.$ZodIssue[],
  fieldMessages: Record<string, MessageKey | Bilingual>,
): FormState {
  const fieldErrors: Record<string, Bilingual> = {};
  const formErrors: Bilingual[] = [];
  for (const issue of issues) {
    const field = typeof issue.path[0] === 'string' ? issue.path[0] : undefined;
    if (!field) {
      formErrors.push({ zh: '表单有误。', en: 'The form is not valid.' });
      continue;
    }
    if (fieldErrors[field]) continue;
    const own = fieldMessages[field];
    const empty = !values[field];
    const ownMessage = typeof own === 'string' ? messages[own] : own;
    fieldErrors[field] = empty ? messages.required : (bilingualIssue(issue.message) ?? ownMessage ?? messages.required);
  }
  return { values, fieldErrors, formErrors };
}

/**
 * A schema's own bilingual message (`中文 / English`, as routes/schemas.ts `text()` writes a labelled
 * field's problems: which character, where), split into its two languages; undefined for zod's
 * plain English defaults, which a page replaces with the field's own words.
 */
function bilingualIssue(message: string): Bilingual | undefined {
  const split = message.indexOf(' / ');
  if (split < 0) return undefined;
  const zh = message.slice(0, split);
  const en = message.slice(split + 3);
  return /[\u4e00-\u9fff]/.test(zh) && en.length > 0 ? { zh, en: en.charAt(0).toUpperCase() + en.slice(1) } : undefined;
}

/** The errors of a form first on the page, each linking to its field. */
export function ErrorSummary(props: { lang: Lang; form: FormState; testId?: string }) {
  const { lang, form } = props;
  const fields = Object.entries(form.fieldErrors);
  if (fields.length === 0 && form.formErrors.length === 0) return '';
  return (
    <div class="error-summary" role="alert" data-testid={props.testId ?? 'error-summary'}>
      <h2>{say(lang, 'errorSummaryTitle')}</h2>
      <ul>
        {form.formErrors.map((error) => (
          <li>{error[lang]}</li>
        ))}
        {fields.map(([name, error]) => (
          <li>
            <a href={`#${name}`}>{error[lang]}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export interface FieldProps {
  lang: Lang;
  form: FormState;
  name: string;
  label: Bilingual;
  hint?: Bilingual;
  type?: 'text' | 'tel' | 'email' | 'number' | 'password' | 'date';
  /** A select's options (value and label) or a textarea; otherwise an input. */
  options?: readonly { value: string; label: string }[];
  multiline?: boolean;
  required?: boolean;
  autocomplete?: string;
  inputmode?: 'numeric' | 'decimal' | 'tel' | 'email' | 'text';
  maxlength?: number;
  /** A secret (a code): not written back into the page after a refusal. */
  secret?: boolean;
  children?: Child;
}

/**
 * One labelled field: its hint and its error are tied to it (`aria-describedby`), an error marks it
 * `aria-invalid`, and what was typed is written back unless the field is a secret.
 */
export function Field(props: FieldProps) {
  const { lang, form, name } = props;
  const error = form.fieldErrors[name];
  const hintId = props.hint ? `${name}-hint` : undefined;
  const errorId = error ? `${name}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const value = props.secret ? '' : (form.values[name] ?? '');
  const common = {
    id: name,
    name,
    required: props.required ?? false,
    'aria-describedby': describedBy,
    'aria-invalid': error ? 'true' : undefined,
  };
  let control: Child;
  if (props.options) {
    control = (
      <select {...common}>
        {props.options.map((option) => (
          <option value={option.value} selected={option.value === value}>
            {option.label}
          </option>
        ))}
      </select>
    );
  } else if (props.multiline) {
    control = (
      <textarea {...common} maxlength={props.maxlength}>
        {value}
      </textarea>
    );
  } else {
    control = (
      <input
        {...common}
        type={props.type ?? 'text'}
        value={value}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        maxlength={props.maxlength}
      />
    );
  }
  return (
    <div class="field">
      <label for={name}>{props.label[lang]}</label>
      {props.hint ? (
        <span class="hint" id={hintId}>
          {props.hint[lang]}
        </span>
      ) : (
        ''
      )}
      {error ? (
        <span class="field-error" id={errorId}>
          {error[lang]}
        </span>
      ) : (
        ''
      )}
      {control}
      {props.children}
    </div>
  );
}

/** A checkbox with its label beside it, its error tied to it like any field's. */
export function CheckField(props: { lang: Lang; form: FormState; name: string; value?: string; label: Bilingual }) {
  const { lang, form, name } = props;
  const error = form.fieldErrors[name];
  const value = props.value ?? 'yes';
  return (
    <div class="field">
      {error ? (
        <span class="field-error" id={`${name}-error`}>
          {error[lang]}
        </span>
      ) : (
        ''
      )}
      <label class="check">
        <input
          type="checkbox"
          id={name}
          name={name}
          value={value}
          checked={form.values[name] === value}
          aria-describedby={error ? `${name}-error` : undefined}
          aria-invalid={error ? 'true' : undefined}
        />
        <span>{props.label[lang]}</span>
      </label>
    </div>
  );
}

/**
 * The proof a person gives on a one-time link (join, signing, portal): the 6-digit code from the
 * message and, unless the link does without, the last 4 characters of the ID number.
 */
export function ProofFields(props: { lang: Lang; form: FormState; idDigits?: boolean }) {
  const { lang, form } = props;
  return (
    <>
      <Field
        lang={lang}
        form={form}
        name="code"
        label={messages.proofCode}
        hint={messages.proofCodeHint}
        inputmode="numeric"
        autocomplete="one-time-code"
        maxlength={6}
        required
      />
      {(props.idDigits ?? true) ? (
        <Field
          lang={lang}
          form={form}
          name="idLastDigits"
          label={messages.proofIdLastDigits}
          maxlength={4}
          autocomplete="off"
          required
        />
      ) : (
        ''
      )}
    </>
  );
}

/**
 * The proof just given, carried into the next step's forms (join or decline, sign): the same code and
 * digits in hidden fields, judged again when that form is sent, so the step itself still needs them.
 */
export function CarriedProof(props: { form: FormState }) {
  return (
    <>
      <input type="hidden" name="code" value={props.form.values.code ?? ''} />
      <input type="hidden" name="idLastDigits" value={props.form.values.idLastDigits ?? ''} />
    </>
  );
}

/** The button that asks for a fresh code, in its own form (with the CSRF token where the page has one). */
export function FreshCodeForm(props: { lang: Lang; action: string; csrf?: string }) {
  return (
    <form method="post" action={props.action} data-testid="fresh-code-form">
      {props.csrf === undefined ? '' : <input type="hidden" name="csrf" value={props.csrf} />}
      <button type="submit" class="secondary">
        {say(props.lang, 'freshCode')}
      </button>
    </form>
  );
}
