/**
 * The widget API for editors: with jsconfig.json, `self.` in widget/script.js autocompletes the
 * Widget object's methods, `this.callbacks` its callbacks, and `APP` the CRM's global.
 * Editor help only: nothing here runs, and the CRM does not see it.
 *
 * Sources: the platform's "mechanics" page (self.* methods, include_control, listenSocketChannel)
 * and its locations page. this.callbacks (AmoCallbacks) is in callbacks.d.ts, made from the platform
 * model (tools/platform.json) when the widget is generated.
 */

/** A compiled Twig template (twig.js). */
interface AmoTemplate {
  /** The template's HTML for these values. */
  render(params?: Record<string, unknown>): string;
}

/** self.system(): where the widget runs and who uses it. */
interface AmoSystem {
  /** The area without its suffix: 'lcard', not 'lcard-1'. */
  area: string;
  /** The user's id, as a string. */
  amouser_id: string;
  /** The user's e-mail (login). */
  amouser: string;
  subdomain?: string;
  domain?: string;
}

/** self.get_settings() and self.params: the install form's values and the widget's own keys. */
interface AmoSettings {
  /** The code the platform gave the widget at upload. */
  widget_code: string;
  widget_active: 'Y' | 'N';
  /** The URL of the widget's folder: base_path for self.render({href}). */
  path: string;
  images_path: string;
  version: string;
  oauth_client_uuid?: string;
  /** Install-form fields by code (manifest.json "settings"), and what set_settings added. */
  [field: string]: unknown;
}

/** A contact of the open card (get_current_card_contacts_data). */
interface AmoContact {
  id: number;
  name: string;
  first_name: string;
  last_name: string;
  phones: string[];
  emails: string[];
}

/** self.list_selected() in lists. */
interface AmoListSelection {
  selected: Array<{ id: number; type: string; emails: string[]; phones: string[] }>;
  summary: { items: number; emails: number; phones: number };
}

/** Parameters of include_control(name, params) and self.render({ref: '/tmpl/controls/<name>.twig'}, params). */
interface AmoControlParams {
  name?: string;
  id?: string;
  class_name?: string;
  value?: string | number;
  placeholder?: string;
  disabled?: boolean;
  /** select, radio, multiselect: {id, option}; suggest: {id, value}; checkboxes_dropdown: {id, option, name, is_checked}. */
  items?: Array<{ id: string | number; option?: string; value?: string; name?: string; is_checked?: boolean }>;
  /** select and radio: the chosen item's id; multiselect: the chosen ids. */
  selected?: string | number | Array<string | number>;
  /** checkbox and button: the text shown. */
  text?: string;
  /** checkbox: ticked. */
  checked?: boolean;
  /** button: the blue (main) style. */
  blue?: boolean;
  /** date_field: 'single' or 'range'; its value is DD.MM.YYYY (a range: "DD.MM.YYYY - DD.MM.YYYY"). */
  type?: 'single' | 'range' | string;
  /** radio: the group's label. */
  label?: string;
  /** multiselect, checkboxes_dropdown: the title. */
  title?: string;
}

/** self.render_template(options, params): the widget's block in the right panel (-1 areas). */
interface AmoRenderTemplateOptions {
  caption?: { class_name?: string; html?: string };
  body?: string;
  /** The block's HTML (a Twig template, rendered with params). */
  render: string;
}

/** What $.ajax returns: a jqXHR, a jQuery Deferred's promise. */
interface AmoAjaxPromise extends PromiseLike<any> {
  done(callback: (data: any, status: string, xhr: any) => void): AmoAjaxPromise;
  fail(callback: (xhr: any, status: string, error: string) => void): AmoAjaxPromise;
  always(callback: (...args: any[]) => void): AmoAjaxPromise;
}

/** The Widget object: `self` in script.js (`var self = this;` in its function). */
interface AmoWidget {
  /** The callbacks the CRM calls; script.js sets them. */
  callbacks: AmoCallbacks;
  /** The widget's settings and keys: widget_code, path, images_path, version and the install form's values. */
  params: AmoSettings;
  /** The whole i18n file of the user's locale. */
  langs: Record<string, any>;

  /** Where the widget runs ({area, amouser_id, amouser}). */
  system(): AmoSystem;
  /** The settings the user saved in the widget's settings modal. */
  get_settings(): AmoSettings;
  /** Adds properties to the widget's settings: self.set_settings({par1: 'text'}). */
  set_settings(values: Record<string, unknown>): void;
  /** 'installed', 'install' (not installed) or 'not_configured' (tour done, settings not filled). */
  get_install_status(): 'installed' | 'install' | 'not_configured';
  /** A group of the current locale's i18n file, e.g. self.i18n('settings'). */
  i18n(key: string): any;
  /** The version in manifest.json: pass it as v to self.render so browsers refresh templates. */
  get_version(): string;
  /** The account's data, without a request. */
  get_accounts_current(): Record<string, any>;
  /**
   * A POST to your service through the CRM; at most one a second (the 5th of 5 simultaneous calls
   * leaves about 4-5 s later).
   */
  crm_post(url: string, data: Record<string, unknown> | string, callback?: (response: any) => void,
    type?: 'text' | 'json' | 'xml' | 'html'): void;

  /** A Twig string, rendered at once: self.render({data: 'Hi {{ name }}'}, {name: 'Ann'}). */
  render(options: { data: string }, params?: Record<string, unknown>): string;
  /** A system control from JS: self.render({ref: '/tmpl/controls/button.twig'}, {text: 'Go'}). */
  render(options: { ref: string }, params?: AmoControlParams): string;
  /** A template file of the widget, loaded later: load(template) runs when it arrives. */
  render(options: { href: string; base_path: string; v?: string; load: (template: AmoTemplate) => void }): void;
  /** A template file of the widget, as a Promise (what templates.js uses). */
  render(options: { href: string; base_path: string; v?: string; promised: true }): Promise<AmoTemplate>;

  /** Draws the widget's block in the right panel of cards and lists (areas with -1). */
  render_template(options: AmoRenderTemplateOptions, params?: Record<string, unknown>): void;
  /** The rows selected in a list (llist, clist, tlist, culist). */
  list_selected(): AmoListSelection;
  /** The contacts of the open card, without a request. */
  get_current_card_contacts_data(): Promise<AmoContact[]>;
  /** $.ajax with an X-Auth-Token header (a one-time JWT); your server must allow CORS from the account. */
  $authorizedAjax(options: { url: string; [option: string]: any }): AmoAjaxPromise;
  /**
   * Listens to a socket channel (e.g. `leads:card:${id}`); messages must hold every key in keys.
   * Returns the function that unsubscribes: call it in destroy().
   */
  listenSocketChannel(channel: string, keys: string[], callback: (message: any) => void): () => void;
  /** Registers the widget's action of a type (developers.kommo.com/docs/script-js). */
  add_action(type: string, handler: (data: any) => any): void;
  /** Registers a source of messages of a type, e.g. 'sms' (developers.kommo.com/docs/script-js). */
  add_source(type: string, handler: (params: any) => any): void;
  /** The status on the widget's tile: 'install', 'installed', 'error' (developers.kommo.com/docs/script-js). */
  set_status(status: string): void;
  /** Shows (true) or hides (false) the overlay over the widgets area (developers.kommo.com/docs/script-js). */
  widgetsOverlay(show: boolean): void;
  /** Replaces the widget's language texts (developers.kommo.com/docs/script-js). */
  set_lang(texts: Record<string, unknown>): void;
}

/** The modal the settings callback gets, and that salesbotDesignerSettings gets. */
type AmoModalBody = any;

/** The CRM's global APP. Read it; never write to it (the platform forbids it). */
interface AmoApp {
  /** The entity of the page: 'leads', 'contacts', 'companies', 'customers', 'todo', ... */
  getBaseEntity(): string;
  /** True in a card. */
  isCard(): boolean;
  /** The area the widgets run in. */
  getWidgetsArea(): string | null;
  /** The CRM's constants: 'account', 'user', 'managers', 'user_rights', 'groups', 'task_types'. */
  constant(name: 'account' | 'user' | 'managers' | 'user_rights' | 'groups' | 'task_types' | string): any;
  readonly data: {
    readonly current_entity?: string;
    readonly current_card?: { readonly id: number; readonly [key: string]: unknown };
    readonly [key: string]: unknown;
  };
  /** The CRM's notification centre. */
  readonly notifications: {
    show_message(message: { header?: string; text?: string; [key: string]: unknown }): void;
    add_error(error: { header?: string; text?: string; [key: string]: unknown }): void;
    add_call(call: Record<string, unknown>): void;
  };
  /** The CRM's page router: navigates without reloading, e.g. APP.router.navigate('/leads/detail/1', {trigger: true}). */
  readonly router: { navigate(url: string, options?: { trigger?: boolean; replace?: boolean }): void };
}

declare const APP: Readonly<AmoApp>;

/**
 * RequireJS's define, as the CRM loads script.js: the module's function gets the widget as `this`
 * and returns it. Modules the CRM gives: jquery, underscore, moment, twigjs, lib/components/base/modal.
 */
declare function define(deps: string[], factory: (...modules: any[]) => (this: AmoWidget) => AmoWidget): void;
declare function define(deps: string[], factory: (...modules: any[]) => unknown): void;
declare function define(factory: (...modules: any[]) => unknown): void;

/**
 * amoforms.js (the amoforms location): the form page's function. fn gets the widget's parameters
 * and returns the function called for every request to send the form: resolve to let it go,
 * reject to stop it (manifest amoforms_settings.error_text is shown).
 */
declare function amoFormsWidget(fn: (params: Record<string, unknown>) => (FORM_REQUEST_ID: string) => PromiseLike<unknown>): void;
