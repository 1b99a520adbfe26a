"""The stack's ceiling: a Django project with no apps and no middleware whose
one view returns "ok", for `make bench` to serve with gunicorn beside the hub.

It is at once the settings module, the URLconf and the WSGI module:

    DJANGO_SETTINGS_MODULE=bench.ceiling gunicorn bench.ceiling

Nothing the hub does (middleware, templates, the database) is in its way, so
it is the fastest answer Django and gunicorn give on this machine.
"""

from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

DEBUG = False
# Nothing is signed; Django only refuses to start without a key.
SECRET_KEY = "bench-ceiling-signs-nothing"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = []
MIDDLEWARE = []
ROOT_URLCONF = __name__
USE_TZ = True


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("", ok)]

application = get_wsgi_application()
