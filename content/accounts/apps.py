from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "content.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self):
        from content.core import changes

        # Who may read an item changes what its pages show to whom: an
        # organisation's name is on no page, but its members decide a teaser.
        changes.shows("accounts.Organisation", "accounts.Membership")
