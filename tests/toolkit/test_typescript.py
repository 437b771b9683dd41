"""TypeScript widgets (language: typescript): for the defaults and every location of both platforms,
the developer's day runs on src/ through the build: build, check, lint, test, pack. The built
widget/script.js is one anonymous AMD module with the CRM's modules external, readable, without a
source map in the zip; type errors fail lint; failures name src/ lines."""

from __future__ import annotations

import json
import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from helpers import edit_text, errors, node, npm, problems
from test_npm_test import expected_tests, run_tests, summary
from variants import RULES, TS_VARIANTS

pytestmark = pytest.mark.npm

CRM_MODULES = RULES["crm_modules"]
RENDER = "      area = self.system().area;\n"


def define_call(project: Path) -> list:
    """What widget/script.js passes to define(), run in node: [deps..., 'function'] or the like."""
    out = subprocess.run(
        ["node", "-e", "globalThis.define = (...args) => process.stdout.write(JSON.stringify("
         "args.map((a) => (typeof a === 'function' ? 'function' : a))));"
         "require(require('path').resolve('widget/script.js'));"],
        cwd=project, capture_output=True, text=True, timeout=60,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def is_crm_module(name: str) -> bool:
    return name in CRM_MODULES["ids"] or name.startswith(tuple(CRM_MODULES["prefixes"]))


def sources_in(names: list[str]) -> list[str]:
    """The zip entries that are TypeScript sources, source maps or typings: none belong in an upload."""
    return [n for n in names if n.endswith((".ts", ".map")) or n.startswith(("src/", "types/"))]


@pytest.mark.parametrize("name", sorted(TS_VARIANTS))
def test_the_developers_day_on_typescript(npm_widget, name):
    project = npm_widget(name)
    assert not (project / "widget" / "script.js").exists(), "the built file is not generated, the build writes it"
    assert "widget/script.js" in (project / ".gitignore").read_text().splitlines()

    built = npm(project, "run", "build")
    assert built.returncode == 0, built.stdout + built.stderr
    deps, factory = define_call(project)[:-1], define_call(project)[-1]
    assert factory == "function" and len(define_call(project)) == 2, "one anonymous define([deps], factory)"
    assert deps[0] and all(is_crm_module(dep) for dep in deps[0]), deps

    check = node(project, "check")
    assert check.returncode == 0 and errors(check.stdout) == set(), check.stdout + check.stderr

    lint = npm(project, "run", "lint")
    assert lint.returncode == 0, lint.stdout + lint.stderr

    result = run_tests(project)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    counts = summary(result.stdout)
    assert counts["pass"] == expected_tests(project) and counts["fail"] == 0, result.stdout[-3000:]

    packed = npm(project, "run", "pack")
    assert packed.returncode == 0, packed.stdout + packed.stderr
    with zipfile.ZipFile(project / "dist" / "widget.zip") as archive:
        names = archive.namelist()
        script = archive.read("script.js").decode("utf-8")
    assert not sources_in(names), names
    assert "sourceMappingURL" not in script
    # Readable: one statement a line, indented, as the sources are (moderation rejects minified code).
    lines = script.splitlines()
    assert len(lines) > 20 and max(map(len, lines)) < 200
    assert sum(line.startswith("    ") for line in lines) > len(lines) / 2


def test_a_teammates_clone_has_the_sdk_typings_and_lints(npm_widget, tmp_path):
    """What git keeps of a TypeScript widget is all a teammate needs: .gitignore leaves out the
    build's output (widget/script.js, types/) and nothing of the toolkit (tools/types/)."""
    project = npm_widget("ts-defaults")
    assert npm(project, "run", "build").returncode == 0
    git = lambda *args, cwd=project: subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    git("init", "-q")
    git("add", "-A", "--", ".", ":!node_modules")  # here a link to the shared packages
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "widget")
    tracked = set(git("ls-files").stdout.splitlines())
    toolkit = {p.relative_to(project).as_posix() for p in (project / "tools").rglob("*") if p.is_file()}
    assert toolkit - tracked == set(), "toolkit files git ignores"
    assert not {"widget/script.js", "types/widget.d.ts"} & tracked
    clone = tmp_path / "clone"
    git("clone", "-q", str(project), str(clone), cwd=tmp_path)
    (clone / "node_modules").symlink_to((project / "node_modules").resolve(), target_is_directory=True)
    lint = npm(clone, "run", "lint")
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_a_type_error_fails_lint(npm_widget):
    project = npm_widget("ts-defaults")
    edit_text(project / "src" / "script.ts", RENDER, RENDER + "      self.i18n('pannel');\n")
    lint = npm(project, "run", "lint")
    assert lint.returncode != 0
    assert re.search(r"src/script\.ts\(\d+,\d+\): error TS2345: Argument of type '\"pannel\"' is not assignable "
                     r"to parameter of type 'keyof WidgetI18n'", lint.stdout), lint.stdout
    # The build does not check types (esbuild strips them): the widget still builds and runs.
    assert npm(project, "run", "build").returncode == 0


def test_a_missing_location_callback_is_a_type_error(npm_widget):
    project = npm_widget("ts-amocrm-everything-panel")
    edit_text(project / "src" / "script.ts", "    advancedSettings() {", "    advancedSetings() {")
    subprocess.run(["node", "tools/build.js", "--types"], cwd=project, check=True)
    tsc = subprocess.run(["node", "node_modules/typescript/bin/tsc", "--noEmit"], cwd=project,
                         capture_output=True, text=True, timeout=120)
    assert tsc.returncode != 0
    assert "'advancedSetings' does not exist in type 'WidgetCallbacks'" in tsc.stdout, tsc.stdout


def test_a_callback_with_a_wrong_signature_is_a_type_error_at_its_src_line(npm_widget):
    project = npm_widget("ts-defaults")
    edit_text(project / "src" / "script.ts", "    onSave(params) {", "    onSave(params: number) {")
    line = (project / "src" / "script.ts").read_text().splitlines().index("    onSave(params: number) {") + 1
    lint = npm(project, "run", "lint")
    assert lint.returncode != 0
    assert re.search(rf"^src/script\.ts\({line},5\): error TS2322: Type '\(params: number\) => boolean' is not "
                     r"assignable to type '\(params: \{ fields: ", lint.stdout, re.M), lint.stdout


def test_the_i18n_typings_follow_the_locale_files(npm_widget):
    project = npm_widget("ts-defaults")
    for locale, keys in (("ru", ["mine", "only_ru"]), ("en", ["mine"])):
        path = project / "widget" / "i18n" / f"{locale}.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        data["extra"] = {key: key for key in keys}
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    edit_text(project / "src" / "script.ts", RENDER, RENDER + "      const mine: string = self.i18n('extra').mine;\n"
              "      $('.x').text(mine + self.i18n('extra').only_ru);\n")
    lint = npm(project, "run", "lint")
    assert lint.returncode != 0
    # A key every locale has is typed; a key only one locale has is not (the other would show nothing).
    assert "Property 'only_ru' does not exist" in lint.stdout, lint.stdout
    assert lint.stdout.count("error TS") == 1, lint.stdout


@pytest.mark.parametrize("locations", ["lcard-1", ["lcard-1", "ccard-1*/ oops"], {"lcard-1": True}])
def test_the_typings_of_a_wrong_manifest_are_valid_typescript(npm_widget, locations):
    """manifest.json "locations" not a list of location codes is check's problem (manifest-schema):
    the typings still come out, as valid TypeScript, and lint's tsc names src/, not types/."""
    project = npm_widget("ts-defaults")
    path = project / "widget" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["locations"] = locations
    path.write_text(json.dumps(manifest), encoding="utf-8")
    out = node(project, "build", "--types")
    assert out.returncode == 0 and out.stderr == "", out.stderr
    tsc = subprocess.run(["node", "node_modules/typescript/bin/tsc", "--noEmit"], cwd=project,
                         capture_output=True, text=True, timeout=120)
    assert "types/widget.d.ts" not in tsc.stdout, tsc.stdout


def test_npm_test_names_the_src_line_of_an_error(npm_widget):
    project = npm_widget("ts-defaults")
    edit_text(project / "src" / "script.ts", RENDER, RENDER + "      if (area) throw new RangeError('no panel for you');\n")
    line = (project / "src" / "script.ts").read_text().splitlines().index("      if (area) throw new RangeError('no panel for you');") + 1
    result = run_tests(project)
    assert result.returncode != 0
    assert "[lcard-1] callbacks.render() threw RangeError: no panel for you" in result.stdout
    assert re.search(rf"src[\\/]script\.ts:{line}:\d+", result.stdout), result.stdout[-4000:]


def test_check_names_the_src_line(npm_widget):
    project = npm_widget("ts-defaults")
    edit_text(project / "src" / "script.ts", RENDER, RENDER + "      console.log(area);\n")
    line = (project / "src" / "script.ts").read_text().splitlines().index("      console.log(area);") + 1
    out = node(project, "check")
    assert out.returncode == 0, out.stdout  # moderation rule: a warning for a private widget
    found = [p for p in problems(out.stdout) if p["rule"] == "no-console"]
    assert len(found) == 1 and found[0]["file"] == "widget/script.js", out.stdout
    assert re.search(rf"\(src/script\.ts:{line}:\d+\)$", found[0]["message"]), found[0]


def test_a_build_error_names_the_src_line_and_pack_writes_nothing(npm_widget):
    project = npm_widget("ts-defaults")
    edit_text(project / "src" / "constants.ts", "export const EVENTS", "export const = EVENTS")
    for tool in ("build", "check", "pack"):
        out = node(project, tool)
        assert out.returncode == 1, (tool, out.stdout, out.stderr)
        assert re.search(r"src/constants\.ts:\d+:\d+: ", out.stdout + out.stderr), (tool, out.stdout, out.stderr)
    assert not (project / "dist").exists()


def test_an_import_of_a_package_not_installed_names_its_line_and_the_fix(npm_widget):
    project = npm_widget("ts-defaults")
    edit_text(project / "src" / "constants.ts", "export const EVENTS", "import pad from '@acme/left-pad/lib';\n"
              "export const PADDED = pad;\nexport const EVENTS")
    line = (project / "src" / "constants.ts").read_text().splitlines().index("import pad from '@acme/left-pad/lib';") + 1
    for tool in ("build", "check", "pack"):
        out = node(project, tool)
        assert out.returncode == 1, (tool, out.stdout, out.stderr)
        lines = (out.stdout + out.stderr).strip().splitlines()
        assert len(lines) == 1, lines
        assert re.search(rf"src/constants\.ts:{line}:17: cannot resolve the import \"@acme/left-pad/lib\": it is not an "
                         r"installed npm package \(npm install @acme/left-pad\) nor one of the CRM's modules \(jquery, ",
                         lines[0]), lines
        assert "rollupOptions" not in lines[0]
    assert not (project / "dist").exists()


def test_the_build_never_overwrites_code_written_by_hand(npm_widget):
    project = npm_widget("ts-defaults")
    mine = "define([], function () { return function () { return this; }; }); // my own code\n"
    (project / "widget" / "script.js").write_text(mine, encoding="utf-8")
    out = node(project, "build")
    assert out.returncode == 1
    assert "widget/script.js was not written by the build" in out.stderr, out.stderr
    assert (project / "widget" / "script.js").read_text(encoding="utf-8") == mine


def test_the_build_never_overwrites_an_edit_of_its_own_output(npm_widget):
    """A fix typed into the built widget/script.js (its banner kept) is not lost to the next build,
    pack, check or test: they stop with one line; a build nobody edited is rebuilt as before."""
    project = npm_widget("ts-defaults")
    assert node(project, "build").returncode == 0
    script = project / "widget" / "script.js"
    assert node(project, "build").returncode == 0, "its own output is rebuilt"
    edited = script.read_text(encoding="utf-8").replace('"use strict";', '"use strict";\n  const hotfix = 1;', 1)
    script.write_text(edited, encoding="utf-8")
    for tool in ("build", "check", "pack"):
        out = node(project, tool)
        assert out.returncode == 1, (tool, out.stdout, out.stderr)
        lines = (out.stdout + out.stderr).strip().splitlines()
        assert len(lines) == 1 and "widget/script.js was edited after the build wrote it: move your change into src/" in lines[0], lines
    assert npm(project, "test").returncode != 0
    assert script.read_text(encoding="utf-8") == edited
    assert not (project / "dist").exists()
    script.unlink()
    assert node(project, "pack").returncode == 0


def test_a_missing_entry_is_named_and_the_last_build_never_passes_for_the_code(npm_widget):
    project = npm_widget("ts-defaults")
    assert node(project, "build").returncode == 0
    built = (project / "widget" / "script.js").read_text(encoding="utf-8")
    (project / "src" / "script.ts").rename(project / "src" / "main.ts")  # renamed, or deleted
    expected = "src/script.ts is missing: it is the widget's entry, which the build bundles into widget/script.js"
    for tool in ("build", "check", "pack", "dev"):
        out = node(project, tool, timeout=60)
        assert out.returncode == 1, (tool, out.stdout, out.stderr)
        lines = (out.stdout + out.stderr).strip().splitlines()
        assert len(lines) == 1 and expected in lines[0], (tool, lines)
    assert not (project / "dist").exists()
    assert (project / "widget" / "script.js").read_text(encoding="utf-8") == built
    # Before any build too: the answers file says the widget is TypeScript.
    (project / "widget" / "script.js").unlink()
    out = node(project, "check")
    assert out.returncode == 1 and expected in out.stdout, out.stdout
    # npm install's prepare (the typings) names it without failing the install.
    prepare = subprocess.run(["node", "tools/build.js", "--types"], cwd=project, capture_output=True, text=True,
                             env={**os.environ, "npm_lifecycle_event": "prepare"}, timeout=60)
    assert prepare.returncode == 0 and expected in prepare.stderr, prepare.stderr


@pytest.mark.parametrize("broken", [
    ("widget/i18n/en.json", '{"panel": {"title": "x",}}\n'),
    ("widget/manifest.json", "{\n"),
])
def test_a_broken_widget_file_is_judged_as_in_the_javascript_widget(npm_widget, broken):
    """The typings read manifest.json and i18n/; a file there that does not parse must give the
    problems check gives the JavaScript widget, not an internal error, and npm test runs."""
    found = {}
    for name in ("defaults", "ts-defaults"):
        project = npm_widget(name)
        (project / broken[0]).write_text(broken[1], encoding="utf-8")
        check = node(project, "check")
        assert check.returncode == 1 and "internal error" not in check.stdout + check.stderr, check.stdout + check.stderr
        pack = node(project, "pack")
        assert pack.returncode == 1 and not (project / "dist").exists(), pack.stdout + pack.stderr
        tests = run_tests(project)
        found[name] = (problems(check.stdout), pack.stdout, summary(tests.stdout).get("fail"))
    assert found["defaults"][0] and found["ts-defaults"] == found["defaults"], found


def test_npm_packages_are_bundled_and_crm_modules_stay_external(npm_widget):
    project = npm_widget("ts-defaults")
    # fflate is an npm package (in node_modules): bundled; moment and the modal are the CRM's.
    edit_text(project / "src" / "script.ts", "import $ from 'jquery';\n",
              "import $ from 'jquery';\nimport moment from 'moment';\nimport Modal from 'lib/components/base/modal';\n"
              "import { strToU8 } from 'fflate';\n")
    edit_text(project / "src" / "script.ts", RENDER, RENDER + "      $('.x').text(String(strToU8('abc').length) + moment().year());\n"
              "      if (area === 'nowhere') new Modal({ class_name: 'x' });\n")
    out = node(project, "build")
    assert out.returncode == 0, out.stderr
    deps = define_call(project)[0]
    assert sorted(deps) == ["jquery", "lib/components/base/modal", "moment"]
    script = (project / "widget" / "script.js").read_text(encoding="utf-8")
    assert re.search(r"(function strToU8\b|strToU8 = )", script), "fflate's code is in the bundle"
    result = run_tests(project)
    assert result.returncode == 0, result.stdout[-4000:]


def test_every_crm_module_of_the_model_is_typed_for_import(npm_widget):
    """Each module of platform.json "crm_modules" (and one of each family) imports in src/ without a
    type error and stays external."""
    project = npm_widget("ts-defaults")
    ids = [i for i in CRM_MODULES["ids"] if i != "jquery"]
    family = {"lib/": "lib/components/base/confirm", "text!": "text!./templates/panel.twig", "json!": "json!./manifest.json"}
    assert sorted(family) == sorted(CRM_MODULES["prefixes"]), "a new family of crm_modules: add it here"
    modules = ids + list(family.values())
    imports = "".join(f"import m{n} from '{m}';\n" for n, m in enumerate(modules))
    uses = "".join(f"      $('.x').data('m{n}', m{n});\n" for n in range(len(modules)))
    edit_text(project / "src" / "script.ts", "import $ from 'jquery';\n", "import $ from 'jquery';\n" + imports +
              "import { Promise as CrmPromise, polyfill } from 'es6promise';\n")
    edit_text(project / "src" / "script.ts", RENDER, RENDER + uses +
              "      polyfill();\n      const text: string = m%d;\n      void CrmPromise.resolve(text.length);\n"
              % modules.index(family["text!"]))
    lint = npm(project, "run", "lint")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert node(project, "build").returncode == 0
    assert sorted(define_call(project)[0]) == sorted(["jquery", *modules])


def test_the_development_upload_loads_the_rebuilt_code(npm_widget):
    project = npm_widget("ts-defaults")
    out = node(project, "pack", "--dev")
    assert out.returncode == 0, out.stdout + out.stderr
    with zipfile.ZipFile(project / "dist" / "widget-dev.zip") as archive:
        names = archive.namelist()
        loader = archive.read("script.js").decode("utf-8")
    assert not sources_in(names), names
    assert '"http://127.0.0.1:5173/widget/script.js?dev="' in loader
    # What the dev server serves there: the build of src/, with its map for the account's devtools.
    served = (project / "widget" / "script.js").read_text(encoding="utf-8")
    assert served.startswith("/* widget/script.js: built by `npm run build` from src/")
    assert "//# sourceMappingURL=data:application/json" in served
    # The upload for production, packed next, never holds the map.
    assert node(project, "pack").returncode == 0
    with zipfile.ZipFile(project / "dist" / "widget.zip") as archive:
        assert "sourceMappingURL" not in archive.read("script.js").decode("utf-8")
