from django.contrib.auth import authenticate, login
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import include, path
from django.utils.html import escape
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def sign_in(request):
    """The provider's own sign-in page: a name and a password."""
    if request.method == "POST":
        user = authenticate(
            request, username=request.POST["username"], password=request.POST["password"]
        )
        if user is None:
            return HttpResponse("Wrong name or password", status=401)
        login(request, user)
        return HttpResponseRedirect(request.POST.get("next") or "/")
    next_url = escape(request.GET.get("next", ""))
    return HttpResponse(
        f'<form method="post"><input name="username"><input name="password" type="password">'
        f'<input type="hidden" name="next" value="{next_url}"></form>'
    )


urlpatterns = [
    path("login/", sign_in),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
]
