import { type DisputeCategory, disputeCategories } from '../../../../shared/domain/mediation/categories';
import { summaryLength } from '../../../../shared/domain/mediation/dispute';
import { formKeyField } from '../form-once';
import type { Lang } from '../kit/language';
import { type Bilingual, categoryNames } from '../kit/messages';
import { CheckField, CsrfField, ErrorSummary, Field, type FormState, sayFrom } from '../kit/page-kit';

/** The guided filing's words, in both languages. */
export const filingText = {
  title: { zh: '申请调解', en: 'File a dispute' },
  stepOne: { zh: '第 1 步（共 2 步）：纠纷类型', en: 'Step 1 of 2: what the dispute is about' },
  stepTwo: { zh: '第 2 步（共 2 步）：纠纷详情', en: 'Step 2 of 2: the details' },
  category: { zh: '纠纷类型', en: 'Category' },
  categoryHint: {
    zh: '选择最接近的一类；下一步将只询问该类纠纷需要的问题。',
    en: 'Choose the closest one; the next step asks only what this kind of dispute needs.',
  },
  choose: { zh: '请选择', en: 'Choose' },
  next: { zh: '下一步', en: 'Next' },
  changeCategory: { zh: '更改纠纷类型', en: 'Change the category' },
  chosenCategory: { zh: '纠纷类型：{name}', en: 'Category: {name}' },
  categoryNeeded: { zh: '请选择纠纷类型', en: 'Choose a category' },
  aboutDispute: { zh: '纠纷情况', en: 'About the dispute' },
  amount: { zh: '请求金额（元）', en: 'Amount claimed (CNY)' },
  amountHint: { zh: '例如 3200.00，最多两位小数', en: 'For example 3200.00, at most two decimals' },
  amountInvalid: { zh: '请填写金额，例如 3200.00', en: 'Enter an amount such as 3200.00' },
  summary: { zh: '纠纷简要经过', en: 'What happened' },
  summaryHint: {
    zh: `${summaryLength.min} 至 ${summaryLength.max} 字（连同上面问题的回答）：发生了什么，您希望如何解决。`,
    en: `${summaryLength.min} to ${summaryLength.max.toLocaleString('en-US')} characters, with your answers above: what happened and what you want.`,
  },
  summaryShort: { zh: `请至少写 ${summaryLength.min} 个字`, en: `Write at least ${summaryLength.min} characters` },
  summaryLong: {
    zh: `纠纷经过连同上面问题的回答最多 ${summaryLength.max} 字，请删减`,
    en: `What happened, with your answers above, takes at most ${summaryLength.max.toLocaleString('en-US')} characters: shorten it`,
  },
  region: { zh: '纠纷发生地（行政区划代码）', en: 'Where it happened (division code)' },
  regionHint: {
    zh: '6 位行政区划代码，例如 440304（深圳市福田区）',
    en: 'A 6-digit administrative division code, e.g. 440304 (Futian, Shenzhen)',
  },
  regionInvalid: { zh: '请填写 2、4 或 6 位行政区划代码', en: 'Enter a division code of 2, 4 or 6 digits' },
  stage: { zh: '是否已起诉', en: 'Already in court?' },
  preFiling: { zh: '尚未起诉', en: 'Not yet' },
  inLitigation: { zh: '已起诉，法院委派调解', en: 'Yes, the court invited mediation' },
  otherParty: { zh: '被申请人（对方当事人）', en: 'The other party (respondent)' },
  anotherParty: { zh: '被申请人 {n}（可选）', en: 'Respondent {n} (optional)' },
  anotherPartyHint: {
    zh: '不需要时留空即可，空白的被申请人不会提交。',
    en: 'Leave it empty if not needed: an empty respondent is not filed.',
  },
  addParty: { zh: '再添加一位被申请人', en: 'Add another respondent' },
  addPartyHint: {
    zh: '最多 {max} 位被申请人；已填写的内容会保留。',
    en: 'Up to {max} respondents; what you typed is kept.',
  },
  otherKind: { zh: '对方是', en: 'The other party is' },
  company: { zh: '企业或组织', en: 'A company or organization' },
  person: { zh: '个人', en: 'A person' },
  otherName: { zh: '对方名称或姓名', en: 'Their name' },
  otherId: { zh: '对方统一社会信用代码或身份证件号码', en: 'Their credit code or ID number' },
  otherPhone: { zh: '对方手机号码', en: 'Their mobile number' },
  otherEmail: { zh: '对方电子邮箱（可选）', en: 'Their email (optional)' },
  contactHint: {
    zh: '至少填写手机号码或电子邮箱之一，用于邀请对方参加调解。',
    en: 'A mobile number or an email (at least one), to invite them to mediation.',
  },
  contactNeeded: { zh: '请填写对方的手机号码或电子邮箱', en: 'Give their mobile number or email' },
  you: { zh: '申请人（您本人）', en: 'You (the applicant)' },
  yourName: { zh: '您的姓名', en: 'Your name' },
  yourId: { zh: '您的身份证件号码', en: 'Your ID number' },
  idHint: { zh: '加密保存，仅显示后四位', en: 'Kept encrypted; only its last four are shown' },
  yourPhone: { zh: '您的手机号码', en: 'Your mobile number' },
  yourEmail: { zh: '您的电子邮箱（可选）', en: 'Your email (optional)' },
  service: { zh: '电子送达', en: 'Electronic service' },
  consent: {
    zh: '我同意人民法院和调解组织以电子方式向我送达文书（本人声明）',
    en: 'I agree that courts and mediators serve documents on me electronically (my own declaration)',
  },
  serviceHint: {
    zh: '同意后，下列地址和您的联系方式将成为您确认的送达地址。需核验您的手机号码登记在您本人名下。',
    en: 'With your consent, these and your contact details become your designated addresses for service. Your mobile must be registered to you.',
  },
  servicePhone: { zh: '送达手机号码（可选）', en: 'Mobile for service (optional)' },
  serviceEmail: { zh: '送达电子邮箱（可选）', en: 'Email for service (optional)' },
  submit: { zh: '提交申请', en: 'File the dispute' },
  filed: { zh: '您的申请已提交，已邀请对方参加调解。', en: 'Your dispute is filed and the other party invited.' },
  inProgress: {
    zh: '该申请正在提交，请稍后在“我的案件”中查看。',
    en: 'This filing is being submitted; see “My cases” in a moment.',
  },
  idInvalid: { zh: '证件号码无效', en: 'Not a valid ID number' },
  nameNeeded: { zh: '请填写名称（最多 120 字）', en: 'Give a name (up to 120 characters)' },
} as const satisfies Record<string, Bilingual>;

const t = sayFrom(filingText);

/**
 * The questions each category needs, beyond what every filing asks (amount, what happened): their
 * answers are written at the head of the summary the mediator and the other party read.
 */
export const categoryQuestions: Record<DisputeCategory, readonly Bilingual[]> = {
  online_shopping_contract: [
    { zh: '购物平台和订单号', en: 'The shop or platform, and the order number' },
    { zh: '收货日期', en: 'When you received the goods' },
  ],
  online_service_contract: [{ zh: '服务名称和账号', en: 'The service and your account' }],
  financial_loan_contract: [
    { zh: '借款合同编号和借款日期', en: 'The loan contract number and date' },
    { zh: '已还款金额', en: 'How much has been repaid' },
  ],
  small_loan_contract: [
    { zh: '借款日期和约定还款日期', en: 'When the loan was made and due' },
    { zh: '已还款金额', en: 'How much has been repaid' },
  ],
  online_copyright: [{ zh: '作品名称和被侵权的网址', en: 'The work, and where it was used online' }],
  online_personality_rights: [{ zh: '侵权内容所在的网址或平台', en: 'Where the content was published' }],
  online_product_liability: [
    { zh: '产品名称和订单号', en: 'The product and the order number' },
    { zh: '造成的损害', en: 'The harm it caused' },
  ],
  domain_name: [{ zh: '争议域名', en: 'The domain name' }],
  traffic_accident: [
    { zh: '事故日期和地点', en: 'When and where the accident happened' },
    { zh: '交通事故认定书编号（如有）', en: 'The police report number (if any)' },
  ],
  labour: [
    { zh: '入职日期和离职日期', en: 'When the work started and ended' },
    { zh: '争议事项（工资、补偿等）', en: 'What is disputed (wages, compensation…)' },
  ],
  family: [{ zh: '双方关系', en: 'How you are related' }],
  property_management: [{ zh: '小区名称和房号', en: 'The estate and the flat' }],
  commercial: [{ zh: '合同名称和签订日期', en: 'The contract and when it was signed' }],
};

/**
 * The other parties a filing may name besides the filer: the API takes at most 15 parties
 * (DisputeFilingSchema), the filer being one.
 */
export const maxOtherParties = 14;

/**
 * The field-name prefix of each other party's block: `other` for the first (its fields are
 * `otherName`, `otherId`…), `other2`, `other3`… for the ones added.
 */
export function otherPartyBlocks(count: number): string[] {
  return Array.from({ length: count }, (_, index) => (index === 0 ? 'other' : `other${index + 1}`));
}

export function isCategory(value: string | undefined): value is DisputeCategory {
  return (disputeCategories as readonly string[]).includes(value ?? '');
}

/** Step 1: the category, chosen first (a GET form, so it works without script and can be bookmarked). */
export function FilingCategoryStep(props: { lang: Lang; form: FormState }) {
  const { lang, form } = props;
  return (
    <>
      <h1>{t(lang, 'title')}</h1>
      <p class="muted">{t(lang, 'stepOne')}</p>
      <ErrorSummary lang={lang} form={form} />
      <form method="get" action="/file" data-testid="category-form" novalidate>
        <Field
          lang={lang}
          form={form}
          name="category"
          label={filingText.category}
          hint={filingText.categoryHint}
          required
          options={[
            { value: '', label: t(lang, 'choose') },
            ...disputeCategories.map((category) => ({ value: category, label: categoryNames[category][lang] })),
          ]}
        />
        <button type="submit">{t(lang, 'next')}</button>
      </form>
    </>
  );
}

/** Step 2: the category's questions, the claim, the other party, and the filer's own consent and addresses. */
export function FilingDetailsStep(props: {
  lang: Lang;
  category: DisputeCategory;
  form: FormState;
  /** How many blocks for other parties the form shows (1 to `maxOtherParties`). */
  others: number;
}) {
  const { lang, form, category } = props;
  const field = (name: string, label: Bilingual, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field lang={lang} form={form} name={name} label={label} {...extra} />
  );
  return (
    <>
      <h1>{t(lang, 'title')}</h1>
      <p class="muted">{t(lang, 'stepTwo')}</p>
      <p>
        <strong data-testid="chosen-category">
          {t(lang, 'chosenCategory', { name: categoryNames[category][lang] })}
        </strong>
        {' · '}
        <a href="/file">{t(lang, 'changeCategory')}</a>
      </p>
      <ErrorSummary lang={lang} form={form} />
      <form method="post" action="/file" data-testid="filing-form" novalidate>
        <CsrfField value={form.values.csrf ?? ''} />
        <input type="hidden" name={formKeyField} value={form.values[formKeyField] ?? ''} />
        <input type="hidden" name="category" value={category} />
        <fieldset>
          <legend>{t(lang, 'aboutDispute')}</legend>
          {categoryQuestions[category].map((question, index) =>
            field(`q${index + 1}`, question, { required: true, maxlength: 200 }),
          )}
          {field('amount', filingText.amount, { hint: filingText.amountHint, inputmode: 'decimal', required: true })}
          {field('summary', filingText.summary, {
            hint: filingText.summaryHint,
            multiline: true,
            required: true,
            maxlength: summaryLength.max,
          })}
          {field('regionCode', filingText.region, {
            hint: filingText.regionHint,
            inputmode: 'numeric',
            required: true,
          })}
          {field('stage', filingText.stage, {
            options: [
              { value: 'pre_filing', label: t(lang, 'preFiling') },
              { value: 'in_litigation', label: t(lang, 'inLitigation') },
            ],
          })}
        </fieldset>
        {otherPartyBlocks(props.others).map((prefix, index) => (
          <fieldset data-testid="other-party">
            <legend>{index === 0 ? t(lang, 'otherParty') : t(lang, 'anotherParty', { n: String(index + 1) })}</legend>
            {index > 0 ? <p class="hint">{t(lang, 'anotherPartyHint')}</p> : ''}
            {field(`${prefix}Kind`, filingText.otherKind, {
              options: [
                { value: 'company', label: t(lang, 'company') },
                { value: 'person', label: t(lang, 'person') },
              ],
            })}
            {field(`${prefix}Name`, filingText.otherName, { required: index === 0, maxlength: 120 })}
            {field(`${prefix}Id`, filingText.otherId, {
              required: index === 0,
              maxlength: 40,
              hint: filingText.idHint,
            })}
            {field(`${prefix}Phone`, filingText.otherPhone, {
              type: 'tel',
              inputmode: 'tel',
              hint: filingText.contactHint,
            })}
            {field(`${prefix}Email`, filingText.otherEmail, { type: 'email', inputmode: 'email' })}
          </fieldset>
        ))}
        <input type="hidden" name="others" value={String(props.others)} />
        {props.others < maxOtherParties ? (
          <p>
            <span class="hint" id="add-party-hint">
              {t(lang, 'addPartyHint', { max: String(maxOtherParties) })}
            </span>
            <button
              type="submit"
              name="action"
              value="add_party"
              class="secondary"
              aria-describedby="add-party-hint"
              data-testid="add-party"
            >
              {t(lang, 'addParty')}
            </button>
          </p>
        ) : (
          ''
        )}
        <fieldset>
          <legend>{t(lang, 'you')}</legend>
          {field('ownName', filingText.yourName, { required: true, autocomplete: 'name', maxlength: 120 })}
          {field('ownId', filingText.yourId, { required: true, hint: filingText.idHint, maxlength: 40 })}
          {field('ownPhone', filingText.yourPhone, {
            type: 'tel',
            inputmode: 'tel',
            required: true,
            autocomplete: 'tel',
          })}
          {field('ownEmail', filingText.yourEmail, { type: 'email', inputmode: 'email', autocomplete: 'email' })}
        </fieldset>
        <fieldset>
          <legend>{t(lang, 'service')}</legend>
          <p class="hint">{t(lang, 'serviceHint')}</p>
          <CheckField lang={lang} form={form} name="consent" label={filingText.consent} />
          {field('servicePhone', filingText.servicePhone, { type: 'tel', inputmode: 'tel' })}
          {field('serviceEmail', filingText.serviceEmail, { type: 'email', inputmode: 'email' })}
        </fieldset>
        <button type="submit" data-testid="file-button">
          {t(lang, 'submit')}
        </button>
      </form>
    </>
  );
}
