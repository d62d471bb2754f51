import { html } from 'hono/html';
import { disputeCategories } from '../../../../shared/domain/mediation/categories';
import type { Mediator } from '../../../../shared/domain/mediation/mediator';
import { courtLevels } from '../../../../shared/domain/roster/court';
import { type Organization, organizationKinds } from '../../../../shared/domain/roster/organization';
import { formKeyField } from '../form-once';
import { categoryLabels } from '../inbox-labels';
import { CheckField, ErrorSummary, Field, type FormState } from '../kit/form-kit';
import type { Bilingual } from '../kit/messages';
import { type OperatorFrame, operatorFrame } from './operator-pages';
import { csrfField, half, type Lang, sayer, staffPage } from './staff-layout';

/*
 * The operator's roster forms: register a court, an organization or a mediator, and change a
 * mediator's availability. They post to /service-centre/roster/… (routes/roster-forms.ts), which
 * check them with the API's own schemas and use cases; a refused form comes back with what was
 * typed and each error at its field.
 */

type FormView = OperatorFrame & { form: FormState };

const b = (zh: string, en: string): Bilingual => ({ zh, en });

const courtLevelLabels: Record<(typeof courtLevels)[number], Bilingual> = {
  basic: b('基层人民法院', 'Basic court'),
  intermediate: b('中级人民法院', 'Intermediate court'),
  high: b('高级人民法院', 'High court'),
  supreme: b('最高人民法院', 'Supreme court'),
};

const organizationKindLabels: Record<(typeof organizationKinds)[number], Bilingual> = {
  peoples_mediation_committee: b('人民调解委员会', "People's mediation committee"),
  industry: b('行业性专业性调解组织', 'Industry mediation organization'),
  court_annexed: b('法院特邀调解组织', 'Court-annexed organization'),
  cross_border: b('涉外调解组织', 'Cross-border organization'),
};

function formPage(view: FormView, title: string, action: string, submit: string, fields: unknown) {
  const t = sayer(view.lang);
  // A registration form carries its once-only key (routes/roster-forms.ts); the availability form needs none.
  const formKey = view.form.values[formKeyField];
  return staffPage(
    operatorFrame(view, title),
    html`<p><a class="back" href="/service-centre/roster">← ${t('返回名册', 'Back to the roster')}</a></p>
${ErrorSummary({ lang: view.lang, form: view.form })}
<form method="post" action="${action}" novalidate>${csrfField(view.csrf)}
${formKey ? html`<input type="hidden" name="${formKeyField}" value="${formKey}">` : ''}
${fields}
<button type="submit">${submit}</button>
</form>`,
  );
}

const optionsOf = <K extends string>(keys: readonly K[], labels: Record<K, Bilingual>, lang: 'zh' | 'en') =>
  keys.map((key) => ({ value: key, label: labels[key][lang] }));

/** Register a court. */
export function courtFormPage(view: FormView) {
  const { lang, form } = view;
  const t = sayer(lang);
  return formPage(
    view,
    t('登记法院', 'Register a court'),
    '/service-centre/roster/courts',
    t('登记', 'Register'),
    html`${Field({ lang, form, name: 'name', label: b('名称', 'Name'), required: true, maxlength: 100 })}
${Field({ lang, form, name: 'level', label: b('级别', 'Level'), options: optionsOf(courtLevels, courtLevelLabels, lang) })}
${Field({ lang, form, name: 'regionCode', label: b('所在地行政区划代码', 'Division code of its seat'), hint: b('六位数字，如 440304', 'six digits, e.g. 440304'), required: true, inputmode: 'numeric', maxlength: 6 })}
${Field({ lang, form, name: 'regions', label: b('管辖区域', 'Jurisdiction'), hint: b('行政区划代码（2 至 6 位），以逗号或空格分隔', 'division codes (2 to 6 digits), separated by commas or spaces'), required: true })}
${Field({ lang, form, name: 'caseTypes', label: b('受理案件类型', 'Case types heard'), hint: b('以逗号分隔；留空：全部', 'separated by commas; empty: all') })}
${Field({ lang, form, name: 'clientId', label: b('API 客户端 ID（可选）', 'API client id (optional)'), hint: b('留空则之后签发凭据', 'leave empty and issue credentials later'), maxlength: 128 })}`,
  );
}

/** Register a mediation organization, linked to courts on the roster. */
export function organizationFormPage(view: FormView) {
  const { lang, form } = view;
  const t = sayer(lang);
  return formPage(
    view,
    t('登记调解组织', 'Register a mediation organization'),
    '/service-centre/roster/organizations',
    t('登记', 'Register'),
    html`${Field({ lang, form, name: 'name', label: b('名称', 'Name'), required: true, maxlength: 120 })}
${Field({ lang, form, name: 'kind', label: b('类型', 'Kind'), options: optionsOf(organizationKinds, organizationKindLabels, lang) })}
${Field({ lang, form, name: 'regionCode', label: b('所在地行政区划代码', 'Division code of its seat'), hint: b('2、4 或 6 位数字，如 440304', '2, 4 or 6 digits, e.g. 440304'), required: true, inputmode: 'numeric', maxlength: 6 })}
${Field({ lang, form, name: 'linkedCourtIds', label: b('关联法院（可选）', 'Linked courts (optional)'), hint: b('名册上的法院编号，以逗号或空格分隔', 'ids of courts on the roster, separated by commas or spaces') })}`,
  );
}

/** Register a mediator of an organization on the roster. */
export function mediatorFormPage(view: FormView & { organizations: Organization[] }) {
  const { lang, form } = view;
  const t = sayer(lang);
  return formPage(
    view,
    t('登记调解员', 'Register a mediator'),
    '/service-centre/roster/mediators',
    t('登记', 'Register'),
    html`${Field({ lang, form, name: 'name', label: b('姓名', 'Name'), required: true, maxlength: 80 })}
${Field({ lang, form, name: 'subjectId', label: b('登录账号标识（选填）', 'Sign-in subject (optional)'), hint: b('调解员已有登录账号时填写其 sub；留空则平台以下方电子邮箱为其创建登录账号并发送邀请', "the sub of the mediator's sign-in account, if they have one; left empty, the platform creates a sign-in for the email below and sends an invitation"), maxlength: 128 })}
${mediatorProfileFields(lang, form, view.organizations)}
${Field({ lang, form, name: 'capacity', label: b('同时办理案件上限', 'Cases at once (capacity)'), type: 'number', inputmode: 'numeric', required: true })}
${CheckField({ lang, form, name: 'online', label: b('接受线上调解', 'Mediates online') })}
${CheckField({ lang, form, name: 'crossBorderQualified', label: b('具备涉外调解资格', 'Qualified for cross-border disputes') })}`,
  );
}

/** Who a mediator is and what they mediate: the registration form's fields, and the change form's. */
function mediatorProfileFields(lang: Lang, form: FormState, organizations: Organization[]) {
  const t = sayer(lang);
  const specialtiesError = form.fieldErrors.specialties;
  return html`${Field({ lang, form, name: 'organizationId', label: b('所属组织', 'Organization'), options: organizations.map((organization) => ({ value: organization.id, label: `${organization.name} (${organization.id})` })) })}
${Field({ lang, form, name: 'phone', label: b('手机号', 'Mobile number'), hint: b('E.164 格式，如 +8613800000000；手机号与邮箱至少填一项', 'E.164, e.g. +8613800000000; a mobile number or an email, or both'), type: 'tel', autocomplete: 'off' })}
${Field({ lang, form, name: 'email', label: b('电子邮箱', 'Email'), type: 'email', autocomplete: 'off' })}
<fieldset id="specialties"${specialtiesError ? html` aria-describedby="specialties-error"` : ''}><legend>${t('专长（至少一项）', 'Specialties (at least one)')}</legend>
${specialtiesError ? html`<span class="field-error" id="specialties-error">${specialtiesError[lang]}</span>` : ''}
${disputeCategories.map((category) => CheckField({ lang, form, name: `specialty_${category}`, label: b(half(categoryLabels[category], 'zh'), half(categoryLabels[category], 'en')) }))}
</fieldset>
${Field({ lang, form, name: 'languages', label: b('调解语言', 'Languages'), hint: b('语言代码，以逗号分隔，如 zh, en', 'language codes separated by commas, e.g. zh, en'), required: true })}
${Field({ lang, form, name: 'regions', label: b('服务区域（可选）', 'Regions served (optional)'), hint: b('行政区划代码，以逗号或空格分隔', 'division codes, separated by commas or spaces') })}`;
}

/** Change a mediator's profile and availability (online or not, capacity and leave) and add conflicts of interest. */
export function mediatorChangePage(view: FormView & { mediator: Mediator; organizations: Organization[] }) {
  const { lang, form, mediator } = view;
  const t = sayer(lang);
  return formPage(
    view,
    `${t('调解员', 'Mediator')} · ${mediator.name}`,
    `/service-centre/roster/mediators/${mediator.id}`,
    t('保存', 'Save'),
    html`<p><code>${mediator.id}</code> · ${t('在办案件', 'Cases held now')}: <b data-testid="active-cases">${mediator.activeCases}</b></p>
${Field({ lang, form, name: 'name', label: b('姓名', 'Name'), required: true, maxlength: 80 })}
${mediatorProfileFields(lang, form, view.organizations)}
${CheckField({ lang, form, name: 'crossBorderQualified', label: b('具备涉外调解资格', 'Qualified for cross-border disputes') })}
${Field({
  lang,
  form,
  name: 'online',
  label: b('线上状态', 'Online status'),
  options: [
    { value: 'yes', label: t('在线（接受线上调解）', 'online (mediates online)') },
    { value: 'no', label: t('离线', 'offline') },
  ],
})}
${Field({ lang, form, name: 'capacity', label: b('同时办理案件上限', 'Cases at once (capacity)'), hint: b('不得低于在办案件数', 'not below the cases held now'), type: 'number', inputmode: 'numeric', required: true })}
${Field({ lang, form, name: 'leave', label: b('休假', 'Leave'), hint: b('每行一段：起始日 结束日，如 2026-12-24 2026-12-31', 'one period a line: first day and last day, e.g. 2026-12-24 2026-12-31'), multiline: true, maxlength: 2000 })}
<p>${t('已登记的利益冲突', 'Conflicts of interest on record')}: <b data-testid="conflicts">${mediator.conflicts.length}</b></p>
${Field({ lang, form, name: 'addConflicts', label: b('新增利益冲突', 'Add conflicts of interest'), hint: b('该调解员不得为其调解的个人或单位的证件号码，每行一个；只保存其密钥哈希，不可再读出', 'ID numbers of persons or companies this mediator must not mediate for, one a line; only their keyed hashes are kept, never readable again'), multiline: true, maxlength: 20000 })}`,
  );
}
