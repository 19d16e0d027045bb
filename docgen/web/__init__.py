"""``docgen serve``: the year in a browser, on the same functions as the CLI (one engine).

Pages are rendered on the server (Starlette, Jinja2); a vendored htmx adds live progress and
live checks; nothing is loaded from the internet. The YAML files stay the source of truth.
"""
