"""hub.urls plus a rate-limited endpoint that only the scale test serves.

No public POST endpoint is rate limited on this branch yet, so the test counts
a limit through this one; it uses the real `ratelimit` decorator and scope.
"""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from content.core.ratelimit import ratelimit
from hub.urls import urlpatterns as hub_urlpatterns


@csrf_exempt
@require_POST
@ratelimit("contact")
def counted(request):
    return HttpResponse("counted")


urlpatterns = [path("scale-test/counted/", counted), *hub_urlpatterns]
