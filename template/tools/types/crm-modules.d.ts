/**
 * The CRM's RequireJS modules, for `import` in a TypeScript widget's src/ (the build keeps them
 * external: platform.json "crm_modules", every id and family of which is declared here or has its
 * own typings: jquery has @types/jquery and moment its own; these are the rest. Editor and tsc help only: nothing here runs.
 * Source: the platform's "mechanics" page (modules the widget may require) and the SDK emulator.
 */

/** lib/components/base/modal: the CRM's modal window. */
declare module 'lib/components/base/modal' {
  interface ModalOptions {
    /** Extra class of the modal's element. */
    class_name?: string;
    /** Called once drawn, with the modal's body (a jQuery object): fill it here. */
    init?: (this: Modal, $modal_body: any) => void;
    /** Called when the modal closes. */
    destroy?: (this: Modal) => void;
  }
  class Modal {
    constructor(options?: ModalOptions);
    /** The modal's body, a jQuery object. */
    $modal_body: any;
    /** Closes the modal (its destroy option runs). */
    destroy(): void;
  }
  export default Modal;
}

/** Any other module of the CRM's lib/ (an exact declaration above wins over this one). */
declare module 'lib/*' {
  const module: any;
  export default module;
}

/** backbone, as the CRM's page gives it (its own copy; no @types/backbone). */
declare module 'backbone' {
  const Backbone: any;
  export default Backbone;
}

/** es6promise: the es6-promise library's module, {Promise, polyfill()}. */
declare module 'es6promise' {
  export const Promise: PromiseConstructor;
  /** Installs Promise on window where the browser lacks it. */
  export function polyfill(): void;
  const es6promise: { Promise: PromiseConstructor; polyfill(): void };
  export default es6promise;
}

/** text!<file>: RequireJS's text plugin, the file's text. */
declare module 'text!*' {
  const text: string;
  export default text;
}

/** json!<file>: RequireJS's json plugin, the file's parsed JSON. */
declare module 'json!*' {
  const value: any;
  export default value;
}

/** underscore, as the CRM's page gives it. */
declare module 'underscore' {
  const _: any;
  export default _;
}

/** twigjs: twig.js, as the CRM's page gives it. */
declare module 'twigjs' {
  const Twig: any;
  export default Twig;
}
