from django import template
from django.urls import reverse
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag
def search_result_url(hit, results, number):
    """Return the counted link to the `number`th result on this page of `results`."""
    position = (results.page - 1) * results.page_size + number
    query = urlencode({"to": hit.item.get_absolute_url(), "q": results.query, "position": position})
    return f"{reverse('search-click')}?{query}"
