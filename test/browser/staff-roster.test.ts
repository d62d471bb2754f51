import { randomBytes } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/http/app';
import type { LocalRuntime } from '../../infra/local/local-runtime';
import type { SmsGateway } from '../../infra/local/sms-gateway';
import { listCourts } from '../../shared/use-cases/roster/read-courts';
import { listMediators, listOrganizations } from '../../shared/use-cases/roster/read-roster';
import { axeEverywhere, axeViolations } from '../support/axe';
import { launchChromium } from '../support/browser';
import { eventually } from '../support/eventually';
import { httpHarness } from '../support/http-harness';
import { type LoopbackSite, serveBehindLocalEdge } from '../support/local-edge';
import { registerMediator, registerOrganization } from '../support/mediation-api';
import { requestSms, startRefusingSmsRuntime } from '../support/refusing-sms-runtime';

const operatorId = 'op-staff-roster';

/**
 * The operator's failed workflow executions and the roster kept from pages, in Chromium, on the
 * embedded stack: the HTTP app behind the local edge, and the platform's local runtime (workflow
 * runner, outbox relay, reconciler run on demand) over the same table, its SMS channel one the
 * test can make refuse every send so a MessageDelivery execution really fails.
 */
describe('the operator’s failed executions and roster forms in Chromium', () => {
  let harness: Awaited<ReturnType<typeof httpHarness>>;
  let runtime: LocalRuntime;
  let gateway: SmsGateway;
  let site: LoopbackSite;
  let base: string;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  let page: Page;
  let refuseSends = false;
  let mediatorId: string;

  beforeAll(async () => {
    harness = await httpHarness();
    ({ runtime, gateway } = await startRefusingSmsRuntime(harness, 'staff-roster-test', () => refuseSends));
    runtime.relay.start();

    const app = createApp({ ...harness.deps, issueLocalToken: (role, id) => harness.tokens.sign(role, id) });
    site = await serveBehindLocalEdge(app.fetch, harness.tokens.authenticator());
    base = site.base;

    const organizationId = await registerOrganization(harness);
    mediatorId = (await registerMediator(harness, organizationId, { name: '周调解 Zhou' })).id;

    browser = await launchChromium();
    context = browser.context;
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    await page.goto(`${base}/service-centre`);
    await page.fill('#operatorId', operatorId);
    await page.getByTestId('local-sign-in').click();
    await page.getByRole('status').waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await runtime?.stop();
    await gateway?.stop();
  });

  it('shows a failed execution with its error in Beijing time, and redrives it from the page', async () => {
    refuseSends = true;
    const requested = await requestSms(harness, `+86139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`);
    const failed = await runtime.workflows.whenClosed('MessageDelivery', requested.messageId);
    refuseSends = false;
    await runtime.reconcile();
    const id = `MessageDelivery:${requested.messageId}`;

    await page.goto(`${base}/service-centre`);
    await page.getByRole('navigation', { name: '工作区' }).getByRole('link', { name: '失败的工作流' }).click();
    const row = page.locator(`tr[data-execution-id="${id}"]`);
    expect(failed.status).toBe('failed');
    expect(await row.getByTestId('execution-status').textContent()).toBe('失败');
    expect(await row.getByTestId('execution-state').textContent()).toBe('待处理');
    expect(await row.textContent()).toContain(requested.messageId);
    expect(await row.textContent()).toContain('北京时间');

    await row.getByRole('button', { name: `重新运行 ${requested.messageId}` }).click();

    await expect.poll(() => page.getByRole('status').textContent()).toContain('已请求重新运行');
    expect(await page.locator(`tr[data-execution-id="${id}"]`).count()).toBe(0);
    await eventually(
      'the redriven execution succeeds',
      async () => {
        expect(await runtime.workflows.getExecution('MessageDelivery', requested.messageId)).toMatchObject({
          status: 'succeeded',
          runs: 2,
        });
      },
      { timeout: 60_000 },
    );
    const history = await harness.store.readChain(`FAILED_EXECUTION#${id}`);
    expect(history.events.map((event) => event.type)).toEqual([
      'execution.failed',
      'execution.redrive_requested',
      'execution.redriven',
    ]);
    expect(history.events[1]?.actor).toEqual({ role: 'operator', subjectId: operatorId });
  }, 180_000);

  it('registers a court, an organization and a mediator from pages, and they are on the roster', async () => {
    const courtName = `深圳市南山区人民法院 ${randomBytes(3).toString('hex')}`;
    await page.goto(`${base}/service-centre/roster`);
    await page.getByRole('link', { name: '登记法院' }).click();
    await page.getByLabel('名称').fill(courtName);
    await page.getByLabel('级别').selectOption('basic');
    await page.getByLabel('所在地行政区划代码').fill('440305');
    await page.getByLabel('管辖区域').fill('440305，440306');
    await page.getByRole('button', { name: '登记' }).click();

    await expect.poll(() => page.getByRole('status').textContent()).toContain('已登记法院');
    expect(await page.getByTestId('courts').textContent()).toContain(courtName);
    const court = (await listCourts(harness, { limit: 1000 })).items.find((entry) => entry.name === courtName);
    expect(court).toMatchObject({ level: 'basic', jurisdiction: { regions: ['440305', '440306'], caseTypes: [] } });

    const organizationName = `南山区调解委员会 ${randomBytes(3).toString('hex')}`;
    await page.getByRole('link', { name: '登记调解组织' }).click();
    await page.getByLabel('名称').fill(organizationName);
    await page.getByLabel('类型').selectOption('industry');
    await page.getByLabel('所在地行政区划代码').fill('440305');
    await page.getByLabel('关联法院（可选）').fill(court?.id ?? '');
    // What the browser posts, to send it again below as a double click or a retry would.
    const posted = (await page.evaluate(
      "Object.fromEntries(new FormData(document.querySelector('main form')))",
    )) as Record<string, string>;
    await page.getByRole('button', { name: '登记' }).click();

    await expect.poll(() => page.getByRole('status').textContent()).toContain('已登记调解组织');
    expect(await page.getByTestId('organizations').textContent()).toContain(organizationName);
    const again = await page.request.post(`${base}/service-centre/roster/organizations`, {
      form: posted,
      headers: { origin: base },
      maxRedirects: 0,
    });
    expect(again.status(), 'the same form again leads to the roster').toBe(303);
    const organizations = (await listOrganizations(harness, { limit: 1000 })).items.filter(
      (entry) => entry.name === organizationName,
    );
    expect(organizations, 'registered once, however often the form is posted').toHaveLength(1);
    const organization = organizations[0];
    expect(organization).toMatchObject({ kind: 'industry', regionCode: '440305', linkedCourtIds: [court?.id] });

    const mediatorName = `吴调解 ${randomBytes(3).toString('hex')}`;
    await page.getByRole('link', { name: '登记调解员' }).click();
    await page.getByLabel('姓名').fill(mediatorName);
    // No sign-in subject: the platform creates the mediator's sign-in for the email.
    const mediatorEmail = `wu-${randomBytes(4).toString('hex')}@example.org`;
    await page.getByLabel('所属组织').selectOption(organization?.id ?? '');
    await page.getByLabel('手机号').fill('+8613800138000');
    await page.getByLabel('电子邮箱').fill(mediatorEmail);
    await page.getByLabel('网络购物合同').check();
    await page.getByLabel('劳动争议').check();
    await page.getByLabel('调解语言').fill('zh, en');
    await page.getByLabel('服务区域（可选）').fill('4403 4401');
    await page.getByLabel('同时办理案件上限').fill('8');
    await page.getByRole('button', { name: '登记' }).click();

    await expect.poll(() => page.getByRole('status').textContent()).toContain('已登记调解员');
    const mediator = (await listMediators(harness, { limit: 1000 })).items.find((entry) => entry.name === mediatorName);
    expect(mediator).toMatchObject({
      organizationId: organization?.id,
      subjectId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      contact: { phone: '+8613800138000', email: mediatorEmail },
      specialties: ['online_shopping_contract', 'labour'],
      languages: ['zh', 'en'],
      regions: ['4403', '4401'],
      capacity: 8,
      online: true,
      crossBorderQualified: false,
    });
    const listed = page.getByTestId('mediators').locator(`tr[data-mediator-id="${mediator?.id}"]`);
    expect(await listed.textContent()).toContain(mediatorName);

    // Then the operator changes the new mediator's availability from the roster.
    await listed.getByRole('link', { name: mediatorName }).click();
    await page.getByLabel('线上状态').selectOption('no');
    await page.getByLabel('同时办理案件上限').fill('3');
    await page.getByLabel('休假').fill('2026-12-24 2026-12-31');
    await page.getByRole('button', { name: '保存' }).click();

    await expect.poll(() => page.getByRole('status').textContent()).toContain('已保存调解员资料');
    expect(
      (await listMediators(harness, { limit: 1000 })).items.find((entry) => entry.id === mediator?.id),
    ).toMatchObject({ online: false, capacity: 3, leave: [{ from: '2026-12-24', to: '2026-12-31' }] });

    // And the profile: the page shows it as it stands; a bad email is refused at its field, then saved.
    await page.getByTestId('mediators').locator(`tr[data-mediator-id="${mediator?.id}"]`).getByRole('link').click();
    expect(await page.getByLabel('姓名').inputValue()).toBe(mediatorName);
    expect(await page.getByLabel('服务区域（可选）').inputValue()).toBe('4403, 4401');
    await page.getByLabel('姓名').fill(`${mediatorName} 改`);
    await page.getByLabel('婚姻家庭', { exact: true }).check();
    await page.getByLabel('电子邮箱').fill('not-an-email');
    await page.getByRole('button', { name: '保存' }).click();
    expect(await page.getByLabel('电子邮箱').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('姓名').inputValue()).toBe(`${mediatorName} 改`);
    const unchanged = (await listMediators(harness, { limit: 1000 })).items.find((entry) => entry.id === mediator?.id);
    expect(unchanged?.name).toBe(mediatorName);

    await page.getByLabel('电子邮箱').fill(mediatorEmail);
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('已保存调解员资料');
    expect(
      (await listMediators(harness, { limit: 1000 })).items.find((entry) => entry.id === mediator?.id),
    ).toMatchObject({
      name: `${mediatorName} 改`,
      specialties: expect.arrayContaining(['online_shopping_contract', 'labour', 'family']),
      contact: { phone: '+8613800138000', email: mediatorEmail },
      online: false,
      capacity: 3,
    });
  }, 120_000);

  it('shows a bad form’s errors at the fields, keeps the input, and writes nothing', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const badName = `坏表单 ${randomBytes(3).toString('hex')}`;
    await page.goto(`${base}/service-centre/roster/mediators/new`);
    await page.getByLabel('姓名').fill(badName);
    await page.getByLabel('登录账号标识').fill('med-sub-bad-form');
    await page.getByLabel('调解语言').fill('Chinese');
    await page.getByLabel('同时办理案件上限').fill('0');
    const response = page.waitForResponse((answer) => answer.request().method() === 'POST');
    await page.getByRole('button', { name: '登记' }).click();

    expect((await response).status()).toBe(400);
    expect(await page.locator('#phone-error').textContent()).toBe('手机号与电子邮箱至少填一项');
    expect(await page.locator('#specialties-error').textContent()).toBe('请至少选择一项专长');
    expect(await page.locator('#languages-error').textContent()).toContain('语言代码');
    expect(await page.locator('#capacity-error').textContent()).toBe('上限为 1 至 200 的整数');
    expect(await page.getByLabel('同时办理案件上限').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('姓名').inputValue()).toBe(badName);
    expect(await page.getByLabel('调解语言').inputValue()).toBe('Chinese');
    expect(await page.getByTestId('error-summary').locator('a[href="#capacity"]').count()).toBe(1);
    expect((await axeViolations(page)).join('\n')).toBe('');
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(390);

    // The same page in English says the same at the fields.
    await page.getByTestId('lang-switch').click();
    await page.getByLabel('Name', { exact: true }).fill(badName);
    await page.getByLabel('Capacity', { exact: false }).fill('0');
    await page.getByRole('button', { name: 'Register' }).click();
    expect(await page.locator('#capacity-error').textContent()).toBe('A whole number from 1 to 200');
    await page.getByTestId('lang-switch').click();

    // A rule of the use case (one person is one mediator) at its field too.
    const taken = (await listMediators(harness, { limit: 1000 })).items.find((entry) => entry.id === mediatorId);
    await page.goto(`${base}/service-centre/roster/mediators/new`);
    await page.getByLabel('姓名').fill(badName);
    await page.getByLabel('登录账号标识').fill(taken?.subjectId ?? '');
    await page.getByLabel('电子邮箱').fill('someone@example.com');
    await page.getByLabel('网络购物合同').check();
    const ruled = page.waitForResponse((answer) => answer.request().method() === 'POST');
    await page.getByRole('button', { name: '登记' }).click();
    expect((await ruled).status()).toBe(422);
    expect(await page.locator('#subjectId-error').textContent()).toBe('此人已是名册上的调解员');
    expect(await page.getByLabel('网络购物合同').isChecked()).toBe(true);

    // An organization with a bad seat and a court not on the roster.
    await page.goto(`${base}/service-centre/roster/organizations/new`);
    await page.getByLabel('名称').fill(badName);
    await page.getByLabel('所在地行政区划代码').fill('4403x');
    await page.getByLabel('关联法院（可选）').fill('crt_nowhere');
    await page.getByRole('button', { name: '登记' }).click();
    expect(await page.locator('#regionCode-error').textContent()).toBe('行政区划代码为 2、4 或 6 位数字');
    await page.getByLabel('所在地行政区划代码').fill('440305');
    await page.getByRole('button', { name: '登记' }).click();
    expect(await page.locator('#linkedCourtIds-error').textContent()).toBe('名册上没有该法院');
    expect(await page.getByLabel('关联法院（可选）').inputValue()).toBe('crt_nowhere');

    // A mediator's capacity of nothing, and leave that ends before it starts.
    await page.goto(`${base}/service-centre/roster/mediators/${mediatorId}`);
    await page.getByLabel('同时办理案件上限').fill('');
    await page.getByLabel('休假').fill('2026-12-31 2026-12-24');
    await page.getByRole('button', { name: '保存' }).click();
    expect(await page.locator('#capacity-error').textContent()).toBe('此项必填');
    expect(await page.locator('#leave-error').textContent()).toContain('每行一段');

    const mediators = (await listMediators(harness, { limit: 1000 })).items;
    expect(mediators.filter((entry) => entry.name === badName)).toEqual([]);
    expect(mediators.find((entry) => entry.id === mediatorId)).toMatchObject({ capacity: 5, leave: [] });
    expect((await listOrganizations(harness, { limit: 1000 })).items.filter((entry) => entry.name === badName)).toEqual(
      [],
    );
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 120_000);

  it('issues a court’s credentials from its page with the secret shown once, rotates them and revokes them', async () => {
    // Prepare: a court registered without an API client, as the roster form registers one.
    const court = await harness.call('POST', '/v1/courts', {
      as: ['operator', operatorId],
      body: { name: '杭州互联网法院', level: 'basic', regionCode: '330106', jurisdiction: { regions: ['3301'] } },
    });
    expect(court.status, court.text).toBe(201);
    const courtId = court.json.id as string;
    const stored = async () => (await listCourts(harness, { limit: 1000 })).items.find((entry) => entry.id === courtId);

    // Act: from the roster to the court's page, and issue.
    await page.goto(`${base}/service-centre/roster`);
    await page.getByRole('link', { name: '杭州互联网法院' }).click();
    await page.getByTestId('issue-credentials').click();

    // Assess: the secret on this answer only, the client on the court's record.
    const clientId = await page.getByTestId('issued-client-id').textContent();
    expect((await page.getByTestId('issued-secret').textContent())?.length).toBeGreaterThan(20);
    expect((await stored())?.clientId).toBe(clientId);
    expect((await axeViolations(page)).join('\n')).toBe('');
    await page.goto(`${base}/service-centre/roster/courts/${courtId}`);
    expect(await page.getByTestId('issued').count()).toBe(0);
    expect(await page.getByTestId('issue-credentials').count()).toBe(0);

    // A grace that is not a number of hours is refused at its field, and nothing is rotated.
    await page.getByLabel('旧密钥继续有效（小时，0 至 168）').fill('一天');
    await page.getByTestId('rotate-credentials').click();
    expect(await page.locator('#graceHours-error').textContent()).toBe('请填写 0 至 168 之间的整数小时');
    expect((await stored())?.clientId).toBe(clientId);

    await page.getByLabel('旧密钥继续有效（小时，0 至 168）').fill('2');
    const rotation = page.locator('form[action$="/credentials/rotation"]');
    const posted = {
      csrf: await rotation.locator('input[name="csrf"]').inputValue(),
      formKey: await rotation.locator('input[name="formKey"]').inputValue(),
      graceHours: '2',
    };
    await page.getByTestId('rotate-credentials').click();
    const rotatedId = await page.getByTestId('issued-client-id').textContent();
    expect(rotatedId).not.toBe(clientId);
    expect(await stored()).toMatchObject({ clientId: rotatedId, previousClientId: clientId });

    // The same form again (a double tap): rotated once, and the answer says the secret was on the first.
    const again = await page.request.post(`${base}/service-centre/roster/courts/${courtId}/credentials/rotation`, {
      headers: { origin: base },
      form: posted,
      maxRedirects: 0,
    });
    expect(again.status()).toBe(303);
    expect(again.headers().location).toBe(`/service-centre/roster/courts/${courtId}?done=credentials_rotated_once`);
    expect(await stored()).toMatchObject({ clientId: rotatedId, previousClientId: clientId });

    await page.getByTestId('revoke-credentials').click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('已吊销该法院的全部凭据');
    expect((await stored())?.credentialsRevokedAt).toBeDefined();
    expect(await page.getByTestId('issue-credentials').count()).toBe(1);
  }, 60_000);

  it('adds a mediator’s conflict of interest from the mediator’s page, and refuses a bad ID number at its field', async () => {
    const conflicts = async () =>
      (await listMediators(harness, { limit: 1000 })).items.find((entry) => entry.id === mediatorId)?.conflicts.length;
    const before = await conflicts();
    await page.goto(`${base}/service-centre/roster/mediators/${mediatorId}`);
    const field = page.getByLabel('新增利益冲突');

    // A resident ID number whose check character is wrong.
    await field.fill('440301199001011235');
    await page.getByRole('button', { name: '保存' }).click();
    expect(await page.getByLabel('新增利益冲突').getAttribute('aria-invalid')).toBe('true');
    expect(await conflicts()).toBe(before);

    await page.getByLabel('新增利益冲突').fill('440301199001011234');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('已保存');
    expect(await conflicts()).toBe((before ?? 0) + 1);
    await page.goto(`${base}/service-centre/roster/mediators/${mediatorId}`);
    expect(await page.getByTestId('conflicts').textContent()).toBe(String((before ?? 0) + 1));
    expect(await page.getByLabel('新增利益冲突').inputValue()).toBe('');
  }, 60_000);

  it('gives the roster’s links and the forms’ checkboxes a target of at least 44 by 44 px on a phone', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    const small: string[] = [];
    for (const path of ['/service-centre/roster', '/service-centre/roster/mediators/new']) {
      await phone.goto(`${base}${path}`);
      // A checkbox is pressed through its label too: the label is its target.
      const targets = [
        ...(await phone.locator('main a').all()),
        ...(await phone.locator('main label:has(input[type=checkbox])').all()),
      ];
      expect(targets.length).toBeGreaterThan(0);
      for (const target of targets) {
        const box = await target.boundingBox();
        if (!box || box.width < 44 || box.height < 44) {
          small.push(`${path} ${await target.textContent()}: ${box?.width}x${box?.height}`);
        }
      }
    }
    await phone.close();
    expect(small.join('\n')).toBe('');
  });

  it('passes axe-core on the new operator pages in both languages on a phone and a laptop', async () => {
    // A failed execution on the list, so its table and button are checked too.
    refuseSends = true;
    const requested = await requestSms(harness, `+86139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`);
    await runtime.workflows.whenClosed('MessageDelivery', requested.messageId);
    refuseSends = false;
    await runtime.reconcile();

    const found: string[] = [];
    for (const path of [
      '/service-centre/failed-executions',
      '/service-centre/roster',
      '/service-centre/roster/courts/new',
      '/service-centre/roster/organizations/new',
      '/service-centre/roster/mediators/new',
      `/service-centre/roster/mediators/${mediatorId}`,
    ]) {
      found.push(...(await axeEverywhere(context, base, path)));
    }
    expect(found.join('\n')).toBe('');
  }, 240_000);
});
