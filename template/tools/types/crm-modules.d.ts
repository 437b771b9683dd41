/**
 * The CRM's RequireJS modules, for `import` in a TypeScript widget's src/ (the build keeps them
 * external: platform.json "crm_modules"). jquery has @types/jquery and moment its own typings;
 * these are the rest. Editor and tsc help only: nothing here runs.
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
