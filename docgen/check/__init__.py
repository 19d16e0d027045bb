"""``docgen check``: a Decree 30/2020/NĐ-CP checker for any .docx or PDF (flake8-style rules).

Stages: ``outline`` (file -> DocOutline) -> ``structure`` (-> where the components are) ->
``rules`` (-> Findings, via ``engine``) -> ``formatters`` (-> text or JSON).
"""

from __future__ import annotations

from docgen.check.engine import Checker, Finding, Options, exit_code

__all__ = ["Checker", "Finding", "Options", "exit_code"]
