"""The generated repo's hooks install the same tool versions as the generator's own hooks.

template/includes/tool_pins.jinja holds the generated repo's pins; the generator's
.pre-commit-config.yaml holds its own. Bumping one without the other fails here, before two
repos that share code format it differently. The workflow checkers are the generated repo's
alone.
"""

from __future__ import annotations

import jinja2
import yaml

from tests.helpers.rendering import TEMPLATE_ROOT


def by_package(requirements) -> dict[str, str]:
    return {requirement.split("==")[0]: requirement for requirement in requirements}


def template_pins() -> dict[str, str]:
    """The pins tool_pins.jinja sets, read as the template imports them."""
    source = (TEMPLATE_ROOT / "template" / "includes" / "tool_pins.jinja").read_text()
    module = jinja2.Environment().from_string(source).module
    return by_package(value for name, value in vars(module).items() if not name.startswith("_"))


def generator_pins() -> dict[str, str]:
    """The additional_dependencies of every hook of the generator's .pre-commit-config.yaml."""
    config = yaml.safe_load((TEMPLATE_ROOT / ".pre-commit-config.yaml").read_text())
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    return by_package(pin for hook in hooks for pin in hook.get("additional_dependencies", []))


#: Tools that check what only a generated repo has (its .github/ workflows and Dependabot
#: config), and PyYAML, with which an adopted repo's hooks read its own hook settings: the
#: generator has nothing for them to run on, so it does not pin them.
GENERATED_REPO_ONLY = {"check-jsonschema", "zizmor", "PyYAML"}


def test_template_pins_equal_the_generators_own():
    shared = {
        name: pin for name, pin in template_pins().items() if name not in GENERATED_REPO_ONLY
    }
    assert shared == generator_pins()
    assert GENERATED_REPO_ONLY <= template_pins().keys()


def test_every_pin_is_exact():
    """Catches a range (`black>=26`), which would let the two repos drift apart on their own."""
    assert [pin for pin in template_pins().values() if "==" not in pin] == []
