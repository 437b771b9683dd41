/**
 * controls.js: the ten system controls of include_control(name, params), as the CRM draws them
 * (its class names, so the widget's selectors and the preview's styles meet the real markup), and
 * what the CRM's page does when they are clicked (a select's item, a checkbox, a suggestion).
 *
 * Each control is a Twig template rendered with autoescape on; its params are checked first, so a
 * misused control fails with a message naming the control and the parameter.
 * Parameters (platform page §6): name, id, class_name, value, placeholder, disabled everywhere;
 * items [{id, option}] for lists (suggest: [{id, value}]; checkboxes_dropdown: [{id, option, name,
 * is_checked}]); select/radio: selected; multiselect: selected [ids]; checkbox: text, checked;
 * button: text, blue; date_field: type single|range, value DD.MM.YYYY; radio: label.
 */
// An AMD module in a browser page (RequireJS), a CommonJS one in Node.
(typeof globalThis.define === 'function' && globalThis.define.amd ? globalThis.define : function (deps, factory) {
  module.exports = factory.apply(null, deps.map(function (id) { return require(id); }));
})([], function () {
  'use strict';

  var ATTRS = '{% if id %} id="{{ id }}"{% endif %}{% if disabled %} disabled{% endif %}';

  var CHECKBOX =
    '<label class="control-checkbox {{ label_class }}{% if checked %} is-checked{% endif %}{% if disabled %} control-checkbox_disabled{% endif %}">' +
    '<div class="control-checkbox__body">' +
    '<input type="checkbox" name="{{ name }}" value="{{ value }}"' + ATTRS + '{% if checked %} checked{% endif %}>' +
    '<span class="control-checkbox__helper"></span></div>' +
    '<div class="control-checkbox__text element__text {{ text_class }}" title="{{ text }}">{{ text }}</div></label>';

  var SOURCES = {
    input:
      '<input type="{{ type|default(\'text\') }}" class="text-input control-input {{ class_name }}" name="{{ name }}" ' +
      'value="{{ value }}" placeholder="{{ placeholder }}" autocomplete="off"' + ATTRS + '>',

    textarea:
      '<textarea class="text-input text-input-textarea textarea-autosize control-textarea {{ class_name }}" ' +
      'name="{{ name }}" placeholder="{{ placeholder }}"' + ATTRS + '>{{ value }}</textarea>',

    button:
      '<button type="{{ type|default(\'button\') }}" class="button-input{% if blue %} button-input_blue{% endif %}' +
      '{% if disabled %} button-input-disabled{% endif %} {{ class_name }}"{% if name %} name="{{ name }}"{% endif %}' + ATTRS + '>' +
      '<span class="button-input-inner"><span class="button-input-inner__text">{{ text }}</span></span></button>',

    checkbox:
      '{% set label_class = class_name %}{% set text_class = \'\' %}' + CHECKBOX,

    select:
      '<div class="control--select {{ class_name }}{% if disabled %} control--select_disabled{% endif %}">' +
      '<ul class="custom-scroll control--select--list">' +
      '{% for item in items %}<li data-value="{{ item.id }}" class="control--select--list--item' +
      '{% if item.id == current.id %} control--select--list--item-selected{% endif %}">' +
      '<span class="control--select--list--item-inner" title="{{ item.option }}">{{ item.option }}</span></li>{% endfor %}' +
      '</ul><button class="control--select--button" type="button" data-value="{{ current.id }}"' + ATTRS + '>' +
      '<span class="control--select--button-inner">{{ current.option }}</span></button>' +
      '<input type="hidden" class="control--select--input" name="{{ name }}" value="{{ current.id }}" ' +
      'data-prev-value="{{ current.id }}"></div>',

    radio:
      '<div class="control-radio-group {{ class_name }}"{% if id %} id="{{ id }}"{% endif %}>' +
      '{% if label %}<div class="control-radio-group__label">{{ label }}</div>{% endif %}' +
      '{% for item in items %}<label class="control-radio{% if item.id == selected %} icon-radio-checked{% endif %}">' +
      '<input type="radio" name="{{ name }}" value="{{ item.id }}"{% if item.id == selected %} checked{% endif %}' +
      '{% if disabled %} disabled{% endif %}><span class="control-radio__label">{{ item.option }}</span></label>{% endfor %}</div>',

    multiselect:
      '<div class="control-multiselect checkboxes_dropdown js-control-multiselect {{ class_name }}"{% if id %} id="{{ id }}"{% endif %}>' +
      '<div class="checkboxes_dropdown__title_wrapper"><span class="checkboxes_dropdown__title">{{ title }}</span></div>' +
      '<div class="checkboxes_dropdown__list custom-scroll">' +
      '{% for item in items %}{% set checked = item.id in selected %}<div class="checkboxes_dropdown__item">' +
      '{% set label_class = \'checkboxes_dropdown__label\' %}{% set text_class = \'checkboxes_dropdown__label_title\' %}' +
      '{% set text = item.option %}{% set value = item.id %}{% set id = \'\' %}' + CHECKBOX.replace('{{ name }}', '{{ name }}[]') +
      '</div>{% endfor %}</div></div>',

    checkboxes_dropdown:
      '<div class="checkboxes_dropdown js-control-checkboxes_dropdown {{ class_name }}"{% if id %} id="{{ id }}"{% endif %}>' +
      '<div class="checkboxes_dropdown__title_wrapper"><span class="checkboxes_dropdown__title">{{ title }}</span></div>' +
      '<div class="checkboxes_dropdown__list custom-scroll">' +
      '{% for item in items %}<div class="checkboxes_dropdown__item">' +
      '{% set label_class = \'checkboxes_dropdown__label\' %}{% set text_class = \'checkboxes_dropdown__label_title\' %}' +
      '{% set text = item.option %}{% set value = item.id %}{% set checked = item.is_checked %}{% set id = \'\' %}' +
      CHECKBOX.replace('{{ name }}', '{{ item.name }}') + '</div>{% endfor %}</div></div>',

    suggest:
      '<div class="control--suggest--wrapper {{ class_name }}">' +
      '<input type="text" class="text-input control--suggest--input js-control--suggest--input" name="{{ name }}" ' +
      'value="{{ value }}" placeholder="{{ placeholder }}" autocomplete="off"' + ATTRS + '>' +
      '<ul class="control--suggest--list js-control--suggest--list custom-scroll">' +
      '{% for item in items %}<li class="control--suggest--list--item" data-value-id="{{ item.id }}">' +
      '<span class="control--suggest--list--item-inner" title="{{ item.value }}">{{ item.value }}</span></li>{% endfor %}' +
      '</ul></div>',

    date_field:
      '<div class="date_field_wrapper {{ class_name }}" data-type="{{ type|default(\'single\') }}">' +
      '<input type="text" class="date_field text-input{% if not value %} empty{% endif %}" name="{{ name }}" ' +
      'value="{{ value }}" placeholder="{{ placeholder }}" autocomplete="off"' + ATTRS + '>' +
      '<span class="date_field_wrapper--calendar"></span></div>'
  };

  var NAMES = ['textarea', 'suggest', 'select', 'radio', 'multiselect', 'date_field', 'checkbox',
    'checkboxes_dropdown', 'button', 'input'];

  // What each list control's items must hold.
  var ITEM_KEYS = {
    select: ['id', 'option'],
    radio: ['id', 'option'],
    multiselect: ['id', 'option'],
    suggest: ['id', 'value'],
    checkboxes_dropdown: ['id', 'option']
  };

  var DATE = /^\d{2}\.\d{2}\.\d{4}$/;

  function fail(name, message) {
    throw new Error('include_control(\'' + name + '\'): ' + message);
  }

  // Checks the params and returns the ones the template reads (with derived values).
  function prepare(name, params) {
    if (NAMES.indexOf(name) === -1) {
      throw new Error('include_control(' + JSON.stringify(name) + '): no such control; the CRM has ' +
        NAMES.join(', '));
    }
    if (params === undefined || params === null) {
      params = {};
    }
    if (typeof params !== 'object' || Array.isArray(params)) {
      fail(name, 'the second argument must be an object of parameters, e.g. {name: \'field\'}');
    }
    var values = Object.assign({}, params);
    if (ITEM_KEYS[name]) {
      if (!Array.isArray(values.items)) {
        fail(name, 'items must be an array of {' + ITEM_KEYS[name].join(', ') + '}, got ' +
          (values.items === undefined ? 'nothing' : typeof values.items));
      }
      values.items.forEach(function (item, index) {
        ITEM_KEYS[name].forEach(function (key) {
          if (!item || typeof item !== 'object' || item[key] === undefined) {
            fail(name, 'items[' + index + '] has no ' + key + '; each item is {' + ITEM_KEYS[name].join(', ') + '}');
          }
        });
      });
    }
    if (name === 'select') {
      // The button shows the selected item, or the first one.
      values.current = values.items.filter(function (item) {
        return String(item.id) === String(values.selected);
      })[0] || values.items[0] || { id: '', option: '' };
    }
    if (name === 'multiselect') {
      if (values.selected === undefined) {
        values.selected = [];
      }
      if (!Array.isArray(values.selected)) {
        fail(name, 'selected must be an array of item ids');
      }
    }
    if (name === 'date_field') {
      var type = values.type === undefined ? 'single' : values.type;
      if (type !== 'single' && type !== 'range') {
        fail(name, 'type must be \'single\' or \'range\', got ' + JSON.stringify(type));
      }
      var value = values.value ? String(values.value) : '';
      var dates = !value ? [] : type === 'range' ? value.split(/\s*-\s*/) : [value];
      if (dates.some(function (date) { return !DATE.test(date); }) || (type === 'range' && value && dates.length !== 2)) {
        fail(name, 'value ' + JSON.stringify(values.value) + ' is not ' +
          (type === 'range' ? '"DD.MM.YYYY - DD.MM.YYYY"' : 'DD.MM.YYYY'));
      }
    }
    return values;
  }

  /**
   * What the CRM's page does with its controls when the user clicks them, so a test (or the
   * preview's user) can pick a select item or tick a checkbox and the widget hears 'change'.
   * Delegated from the document, in the 'emulator' namespace (not counted as the widget's handlers).
   */
  function behave($, document) {
    var $document = $(document);
    $document.on('click.emulator', '.control--select--button', function () {
      $(this).siblings('.control--select--list').toggleClass('control--select--list-opened');
    });
    $document.on('click.emulator', '.control--select--list--item', function () {
      var $item = $(this);
      var $select = $item.closest('.control--select');
      var $input = $select.find('.control--select--input');
      $select.find('.control--select--list--item-selected').removeClass('control--select--list--item-selected');
      $item.addClass('control--select--list--item-selected');
      $select.find('.control--select--button').attr('data-value', $item.attr('data-value'))
        .find('.control--select--button-inner').text($item.text());
      $select.find('.control--select--list').removeClass('control--select--list-opened');
      $input.attr('data-prev-value', $input.val()).val($item.attr('data-value')).trigger('change');
    });
    $document.on('change.emulator', '.control-checkbox input[type=checkbox]', function () {
      $(this).closest('.control-checkbox').toggleClass('is-checked', this.checked);
    });
    $document.on('change.emulator', '.control-radio input[type=radio]', function () {
      $(this).closest('.control-radio-group').find('.control-radio').each(function () {
        $(this).toggleClass('icon-radio-checked', $(this).find('input').prop('checked'));
      });
    });
    $document.on('click.emulator', '.control--suggest--list--item', function () {
      $(this).closest('.control--suggest--wrapper').find('.control--suggest--input')
        .val($(this).text()).trigger('change');
    });
  }

  /**
   * @param {object} Twig  the page's twig.js (module 'twigjs').
   * @returns {{names: string[], render(name, params): string, behave($, document)}}
   */
  return function createControls(Twig) {
    var compiled = {};
    NAMES.forEach(function (name) {
      compiled[name] = Twig.twig({ data: SOURCES[name], autoescape: true, rethrow: true });
    });
    return {
      names: NAMES.slice(),
      render: function (name, params) {
        var values = prepare(name, params);
        return String(compiled[name].render(values));
      },
      behave: behave
    };
  };
});
