"""What a new widget's developer reads on day one: the generated README, the answers file, the
steps after `copier copy`, and the template's own README. Each names only commands the developer
has (npm, git, node), in an order that works."""

from __future__ import annotations

import re

from template_copy import run_copier_cli
from variants import ROOT


def sh_commands(markdown: str) -> list[str]:
    """The first word of every command in the ```sh blocks (comments and continuations left out)."""
    words = []
    for block in re.findall(r"```sh\n(.*?)```", markdown, re.S):
        for line in block.replace("\\\n", " ").splitlines():  # a continued line is one command
            line = line.split("#", 1)[0].strip()
            if line:
                words.extend(part.split()[0] for part in re.split(r"&&|\|\|", line) if part.strip())
    return words


def test_generated_readme_grammar_and_commands(variant_dirs):
    amocrm = (variant_dirs["defaults"] / "README.md").read_text(encoding="utf-8")
    kommo = (variant_dirs["kommo-defaults"] / "README.md").read_text(encoding="utf-8")
    assert "An amoCRM widget" in amocrm and "A amoCRM" not in amocrm
    assert "A Kommo widget" in kommo
    for readme in (amocrm, kommo):
        # Only what the widget's developer has: the README's own toolkit, git, node, a browser;
        # Copier (for another, existing widget) where the template's command 1 installed it,
        # since `copier` is not on PATH after it.
        commands = set(sh_commands(readme))
        assert commands <= {"npm", "git", "node", "chromium", "cd", "~/.copier/bin/copier"}, commands
        assert "npm run update" in readme


def test_answers_file_says_what_may_be_edited(variant_dirs):
    answers = (variant_dirs["defaults"] / ".copier-answers.yml").read_text(encoding="utf-8")
    assert "NEVER EDIT" not in answers
    header = answers.split("\n_commit:", 1)[0]
    assert "_src_path" in header and "npm run update -- --data" in header
    # The template's README tells to edit _src_path there: the file agrees.
    assert "_src_path: https://github.com/example/amo-widget-template.git" in (ROOT / "README.md").read_text()


def test_next_steps_after_copy(template_repo, tmp_path):
    result = run_copier_cli("copy", "--defaults", "--trust", str(template_repo), str(tmp_path / "w"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    message = result.stdout + result.stderr
    steps = message.split("Next steps:", 1)[1]
    order = [steps.index(command) for command in ("npm install", "git init", "npm run pack", "npm run dev")]
    assert order == sorted(order), steps  # the long-running preview last
    assert 'git config --global user.name "Your Name"' in steps and "git config --global user.email" in steps
    assert "npm run update" in steps


def test_command_one_says_what_the_widget_needs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = readme[readme.index("Command 1 needs"):].split("\n\n", 1)[0]
    assert "Node 20 and npm" in line


def test_next_steps_of_a_widget_with_a_backend_install_it(template_repo, tmp_path):
    result = run_copier_cli("copy", "--defaults", "--trust", "--data", "backend=true", str(template_repo),
                            str(tmp_path / "w"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    steps = (result.stdout + result.stderr).split("Next steps:", 1)[1]
    order = [steps.index(command) for command in ("npm install", "npm run backend:install", "git init", "npm run dev")]
    assert order == sorted(order), steps
    # ... and say how to start it beside the preview, which sends the widget's calls to it.
    start = re.search(r"(?m)^ *npm run backend +# (.*)$", steps)
    assert start and start.start() > order[-1] and "http://127.0.0.1:8000" in start.group(1), steps
    assert "npm run backend:install" in (tmp_path / "w" / "package.json").read_text(encoding="utf-8")
