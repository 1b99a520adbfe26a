from allauth.account import views as allauth_views
from allauth.socialaccount import views as social_views
from django.urls import include, path
from django.views.generic import RedirectView

from content.accounts import views

app_name = "accounts"

to_code = RedirectView.as_view(pattern_name="account_request_login_code", query_string=True)

# allauth's views under the names allauth reverses; visitors have no password,
# so its password sign-in and sign-up pages lead to the code.
allauth_patterns = [
    path("sign-in/", views.RequestCodeView.as_view(), name="account_request_login_code"),
    path("sign-in/code/", allauth_views.confirm_login_code, name="account_confirm_login_code"),
    path("sign-out/", allauth_views.logout, name="account_logout"),
    path("login/", to_code, name="account_login"),
    path("signup/", to_code, name="account_signup"),
    # Single sign-on through organisations' OpenID Connect providers.
    path("sso/", include("allauth.socialaccount.providers.openid_connect.urls")),
    path("sso/cancelled/", social_views.login_cancelled, name="socialaccount_login_cancelled"),
    path("sso/error/", social_views.login_error, name="socialaccount_login_error"),
    path("sso/signup/", social_views.signup, name="socialaccount_signup"),
]

urlpatterns = [
    path("", views.ProfileView.as_view(), name="profile"),
    path("sign-out-everywhere/", views.SignOutEverywhereView.as_view(), name="sign-out-everywhere"),
    path("delete/", views.AccountDeleteView.as_view(), name="delete"),
    path("second-factor/", views.SecondFactorView.as_view(), name="second-factor"),
    path("deleted/", views.AccountDeletedView.as_view(), name="deleted"),
]
