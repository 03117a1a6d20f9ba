"""Parts of every page that are the same for everyone who reads them in one language, rendered
once per process instead of on every request.

{% load per_language %}
{% per_language current=request.resolver_match.url_name %} ... {% endper_language %}

The header's links, their labels, the stylesheets and the footer cost more than the agreement
page's own content on every request of every logged-in page: a dozen `{% url %}` lookups, a
dozen translations and the static files' URLs (docs/benchmarks.md, "The agreement page under
wrk"). Inside the tag they are rendered once for each language, script prefix and combination
of the values given, and kept on the compiled template's node (so an edited or reloaded
template starts afresh).

The body sees only the values given to the tag (a plain context: no user, no request, no CSRF
token), so nothing of one person can end up in what another is shown; a variable it was not
given renders empty. Give it only values from a small set (a URL name, a yes or no): each
combination is kept.
"""

from typing import Any

from django import template
from django.template.base import NodeList, Parser, Token
from django.urls import get_script_prefix
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()


class PerLanguageNode(template.Node):
    # Not searched for {% block %}s: {% extends %} walks the parent template for them on every
    # request, and a block inside would let a child template put a person's data in here.
    child_nodelists = ()

    def __init__(self, nodelist: NodeList, values: dict[str, Any]) -> None:
        self.nodelist = nodelist
        self.values = values
        self.rendered: dict[tuple, SafeString] = {}

    def render(self, context: template.Context) -> SafeString:
        values = {name: value.resolve(context) for name, value in self.values.items()}
        key = (get_language(), get_script_prefix(), *sorted(values.items()))
        rendered = self.rendered.get(key)
        if rendered is None:
            # A fresh context of the same kind of engine, holding the given values only.
            fresh = template.Context(values, autoescape=context.autoescape)
            fresh.template = context.template
            rendered = self.rendered[key] = self.nodelist.render(fresh)
        return rendered


@register.tag("per_language")
def per_language(parser: Parser, token: Token) -> PerLanguageNode:
    """{% per_language name=value ... %}...{% endper_language %}: see the module."""
    bits = token.split_contents()[1:]
    values = template.base.token_kwargs(bits, parser, support_legacy=False)
    if bits:  # what token_kwargs could not read as name=value
        raise template.TemplateSyntaxError("per_language takes only name=value arguments")
    nodelist = parser.parse(("endper_language",))
    parser.delete_first_token()
    return PerLanguageNode(nodelist, values)
