"""Every rule of the checker: importing a rule family registers its rules in ``CATALOGUE``."""

from __future__ import annotations

from docgen.check import (  # noqa: F401 - importing registers the rules
    vb1_components,
    vb1_sections,
    vb2_recipients,
    vb3_consistency,
    vb4_encoding,
    vb5_layout,
    vb52_format,
)
from docgen.check.rules import CATALOGUE, Rule


def all_rules() -> dict[str, Rule]:
    return dict(sorted(CATALOGUE.items()))
