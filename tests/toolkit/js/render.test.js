// self.render in its forms, include_control for the ten controls, render_template.
'use strict';

const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { load, script } = require('./fixture.js');

// A parsed fragment of HTML, in the emulator's page.
function parse(emulator, html) {
  const holder = emulator.document.createElement('div');
  holder.innerHTML = html;
  return holder;
}

describe('self.render', () => {
  test('{data} renders a Twig string at once', async (t) => {
    const emulator = await load(t);
    assert.equal(emulator.widget.render({ data: 'The {{ baked_good }} is a lie.' }, { baked_good: 'cupcake' }),
      'The cupcake is a lie.');
    assert.equal(emulator.widget.render({ data: '{% for i in items %}{{ i }},{% endfor %}' }, { items: [1, 2] }), '1,2,');
  });

  test('{href, base_path, v, load} loads widget/templates/<name>.twig and calls load(template)', async (t) => {
    const emulator = await load(t, { templates: { 'users.twig': '<b>{{ name }}</b>' } });
    const params = emulator.widget.params;
    let html = null;
    const returned = emulator.widget.render({
      href: '/templates/users.twig', base_path: params.path, v: emulator.widget.get_version(),
      load: (template) => { html = template.render({ name: 'Ann & Bob' }); },
    });
    assert.equal(returned, undefined);
    assert.equal(html, null, 'the template arrives later, not during the call');
    await emulator.settle();
    assert.equal(html, '<b>Ann & Bob</b>');
  });

  test('{href, base_path, v, promised: true} gives a Promise of the template (templates.js)', async (t) => {
    const emulator = await load(t, { templates: { 'users.twig': '{{ include_control("input", {name: n}) }}' } });
    const params = emulator.widget.params;
    const template = await emulator.widget.render({
      href: '/templates/users.twig', base_path: params.path, v: '1.2.3', promised: true,
    });
    const input = parse(emulator, template.render({ n: 'phone' })).querySelector('input');
    assert.equal(input.name, 'phone');
  });

  test('{ref: /tmpl/controls/<name>.twig} draws a control from JS', async (t) => {
    const emulator = await load(t);
    const html = emulator.widget.render({ ref: '/tmpl/controls/button.twig' }, { text: 'Go', blue: true });
    const button = parse(emulator, html).querySelector('button');
    assert.equal(button.textContent, 'Go');
    assert.ok(button.classList.contains('button-input_blue'));
  });

  test('misuse fails with a message saying what to pass', async (t) => {
    const emulator = await load(t);
    const path = emulator.widget.params.path;
    assert.throws(() => emulator.widget.render({ href: '/templates/x.twig', base_path: 'https://cdn.example.com', promised: true }),
      /base_path must be self\.params\.path/);
    assert.throws(() => emulator.widget.render({ href: '/templates/x.twig', base_path: path, v: '1' }),
      /give load: function \(template\) \{\.\.\.\} or promised: true/);
    assert.throws(() => emulator.widget.render({ ref: '/tmpl/cards/lead.twig' }), /the CRM's templates are \/tmpl\/controls\/<control>\.twig/);
    assert.throws(() => emulator.widget.render({ ref: '/tmpl/controls/slider.twig' }), /include_control\("slider"\): no such control/);
    assert.throws(() => emulator.widget.render({}), /give data \(a template string\), href/);
    assert.throws(() => emulator.widget.render({ data: '{% if %}' }), /Twig cannot parse it/);
    await assert.rejects(emulator.widget.render({ href: '/templates/missing.twig', base_path: path, v: '1', promised: true }),
      /cannot load widget\/templates\/missing\.twig/);
    await assert.rejects(emulator.widget.render({ href: '/../package.json', base_path: path, v: '1', promised: true }),
      /\.\.\/package\.json is outside widget\/: the CRM serves the widget's own files only/);
    emulator.widget.render({ href: '/templates/users.twig', base_path: path, promised: true }).catch(() => {});
    assert.ok(emulator.warnings.some((w) => /pass v: self\.get_version\(\)/.test(w)), emulator.warnings.join('\n'));
  });
});

describe('include_control', () => {
  const items = [{ id: 1, option: 'One' }, { id: 2, option: 'Two "2"' }, { id: 3, option: 'Three' }];
  const controls = {
    input: { name: 'phone', value: '"><script>x</script>', placeholder: 'Phone', class_name: 'mine', id: 'p1' },
    textarea: { name: 'note', value: 'a < b', placeholder: 'Note' },
    button: { text: 'Run', blue: true, class_name: 'js-run' },
    checkbox: { name: 'agree', text: 'I agree', value: 'yes', checked: true },
    select: { name: 'choice', items, selected: 2 },
    radio: { name: 'mode', label: 'Mode', items, selected: 3 },
    multiselect: { name: 'tags', title: 'Tags', items, selected: [1, 3] },
    date_field: { name: 'day', type: 'single', value: '31.12.2024', placeholder: 'Day' },
    checkboxes_dropdown: {
      title: 'Options',
      items: [{ id: 1, option: 'A', name: 'opt[]', is_checked: true }, { id: 2, option: 'B', name: 'opt[]', is_checked: false }],
    },
    suggest: { name: 'person', value: 'Jo', items: [{ id: 7, value: 'John' }, { id: 8, value: 'Joan' }] },
  };

  test('covers the ten controls of the mechanics page', () => {
    const rules = require(`${process.env.EMULATOR_PROJECT}/tools/platform.json`);
    assert.deepEqual(Object.keys(controls).sort(), [...rules.controls].sort());
  });

  test('draws each control with its documented params, escaped', async (t) => {
    const emulator = await load(t, { templates: { 'all.twig': '{% for c in list %}<div class="c-{{ c.name }}">{{ include_control(c.name, c.params) }}</div>{% endfor %}' } });
    const template = await emulator.widget.render({
      href: '/templates/all.twig', base_path: emulator.widget.params.path, v: '1', promised: true,
    });
    const list = Object.entries(controls).map(([name, params]) => ({ name, params }));
    const page = parse(emulator, template.render({ list }));
    const one = (name, selector) => page.querySelector(`.c-${name} ${selector}`);

    const input = one('input', 'input');
    assert.equal(input.value, '"><script>x</script>');
    assert.deepEqual([input.name, input.placeholder, input.id], ['phone', 'Phone', 'p1']);
    assert.ok(input.classList.contains('mine') && input.classList.contains('text-input'));
    assert.equal(page.querySelector('script'), null, 'params must be escaped');

    assert.equal(one('textarea', 'textarea').value, 'a < b');
    assert.equal(one('button', 'button .button-input-inner__text').textContent, 'Run');
    assert.ok(one('button', 'button').classList.contains('js-run'));

    const checkbox = one('checkbox', 'input[type=checkbox]');
    assert.deepEqual([checkbox.name, checkbox.value, checkbox.checked], ['agree', 'yes', true]);
    assert.equal(one('checkbox', '.control-checkbox__text').textContent, 'I agree');

    assert.equal(one('select', 'input[type=hidden]').value, '2');
    assert.equal(one('select', '.control--select--button-inner').textContent, 'Two "2"');
    assert.equal(page.querySelectorAll('.c-select .control--select--list--item').length, 3);

    const radios = [...page.querySelectorAll('.c-radio input[type=radio]')];
    assert.deepEqual(radios.map((r) => [r.name, r.value, r.checked]), [['mode', '1', false], ['mode', '2', false], ['mode', '3', true]]);
    assert.equal(one('radio', '.control-radio-group__label').textContent, 'Mode');

    const tags = [...page.querySelectorAll('.c-multiselect input[type=checkbox]')];
    assert.deepEqual(tags.map((c) => [c.name, c.value, c.checked]), [['tags[]', '1', true], ['tags[]', '2', false], ['tags[]', '3', true]]);

    assert.equal(one('date_field', 'input').value, '31.12.2024');
    const options = [...page.querySelectorAll('.c-checkboxes_dropdown input[type=checkbox]')];
    assert.deepEqual(options.map((c) => [c.name, c.value, c.checked]), [['opt[]', '1', true], ['opt[]', '2', false]]);
    assert.equal(one('checkboxes_dropdown', '.checkboxes_dropdown__title').textContent, 'Options');

    assert.equal(one('suggest', 'input').value, 'Jo');
    assert.deepEqual([...page.querySelectorAll('.c-suggest li')].map((li) => [li.dataset.valueId, li.textContent]),
      [['7', 'John'], ['8', 'Joan']]);
  });

  test('a misused control fails naming the control and the parameter', async (t) => {
    const emulator = await load(t);
    const draw = (name, params) => emulator.widget.render({ data: '{{ include_control(name, params) }}' }, { name, params });
    assert.throws(() => draw('slider', {}), /include_control\("slider"\): no such control; the CRM has textarea, suggest/);
    assert.throws(() => draw('select', { name: 'x' }), /include_control\('select'\): items must be an array of \{id, option\}/);
    assert.throws(() => draw('suggest', { items: [{ id: 1, option: 'x' }] }), /items\[0\] has no value/);
    assert.throws(() => draw('date_field', { value: '2024-12-31' }), /value "2024-12-31" is not DD\.MM\.YYYY/);
    assert.throws(() => draw('date_field', { type: 'week' }), /type must be 'single' or 'range'/);
    assert.equal(parse(emulator, draw('date_field', { type: 'range', value: '01.01.2024 - 31.01.2024' })).querySelector('input').value,
      '01.01.2024 - 31.01.2024');
  });
});

describe('the controls in the page', () => {
  test('work as in the CRM: picking a select item or ticking a checkbox, the widget hears change', async (t) => {
    const emulator = await load(t, { scriptSource: script({ callbacks: `{
      render: function () {
        self.render_template({ body: '', render: '{{ include_control("select", {name: "pick", items: items, selected: 1}) }}' +
          '{{ include_control("checkbox", {name: "tick", text: "Tick"}) }}' }, { items: [{ id: 1, option: 'One' }, { id: 2, option: 'Two' }] });
        return true;
      },
      bind_actions: function () {
        $(document).on('change.fixture', 'input[name=pick], input[name=tick]', function () {
          self.set_settings({ [this.name]: this.type === 'checkbox' ? this.checked : this.value });
        });
        return true;
      },
      destroy: function () { $(document).off('.fixture'); }
    }` }) });
    await emulator.enter('lcard-1');
    const panel = emulator.$(emulator.panel());
    panel.find('.control--select--button').trigger('click');
    assert.ok(panel.find('.control--select--list').hasClass('control--select--list-opened'));
    panel.find('.control--select--list--item[data-value=2]').trigger('click');
    assert.equal(emulator.state.settings.pick, '2');
    assert.equal(panel.find('.control--select--button-inner').text(), 'Two');
    panel.find('input[name=tick]').prop('checked', true).trigger('change');
    assert.equal(emulator.state.settings.tick, true);
    assert.ok(panel.find('.control-checkbox').hasClass('is-checked'));
    assert.deepEqual(await emulator.leave(), [], 'the page\'s own handlers are not the widget\'s leftovers');
  });
});

describe('self.render_template', () => {
  const drawing = script({
    callbacks: `{ render: function () {
      self.render_template({ caption: { class_name: 'js-caption' }, body: '', render: '<p class="mine">{{ who }}</p>' }, { who: 'Ann' });
      return true;
    } }`,
  });

  test('draws the widget\'s block in the right panel of a -1 card, Twig params applied', async (t) => {
    const emulator = await load(t, { scriptSource: drawing });
    await emulator.enter('lcard-1');
    const block = emulator.panel();
    assert.ok(block.closest('#widgets_block'), 'the block sits in the right panel');
    assert.equal(block.querySelector('.mine').textContent, 'Ann');
    assert.ok(block.querySelector('.card-widgets__widget__caption').classList.contains('js-caption'));
    await emulator.leave();
    assert.equal(emulator.panel(), null, 'leaving the card removes the panel');
  });

  test('draws in a -1 list too, and fails where there is no right panel', async (t) => {
    const emulator = await load(t, { scriptSource: drawing });
    await emulator.enter('llist-1');
    assert.equal(emulator.panel().querySelector('.mine').textContent, 'Ann');
    await emulator.leave();
    await assert.rejects(emulator.enter('ccard-0'), /\[ccard-0\] callbacks\.render\(\) threw .*render_template .*the location ends in -0/);
  });

  test('without render (the block\'s HTML) fails with a clear message', async (t) => {
    const emulator = await load(t, {
      scriptSource: script({ callbacks: '{ render: function () { self.render_template({ caption: {}, body: \'\' }); return true; } }' }),
    });
    await assert.rejects(emulator.enter('lcard-1'), /options\.render \(the block's HTML, a Twig template\) is missing/);
  });
});
