"""The insights page in the admin: one entry in its index, for holders of insights.view_insights."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.http import urlencode

from content.insights.forms import PeriodForm
from content.insights.models import DailyTotal
from content.insights.report import Period, insights_report


@admin.register(DailyTotal)
class InsightsAdmin(admin.ModelAdmin):
    """No list of rows: the changelist is the insights page."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("insights.view_insights")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = PeriodForm(request.GET if "period" in request.GET else None)
        bad = form.is_bound and not form.is_valid()
        start, end = form.dates()
        sections = insights_report(
            start=start, end=end, may_read_comments=request.user.has_perm("faq.view_feedback")
        )
        if "csv" in request.GET and not bad:
            return self.csv_download(request.GET["csv"], sections, start, end)
        context = {
            **self.admin_site.each_context(request),
            "title": "Insights",
            "opts": self.model._meta,
            "form": form,
            "period": Period(start, end),
            "previous": Period(start, end).previous(),
            "sections": [] if bad else sections,
            # The period's own parameters, for the CSV links.
            "query": urlencode(
                {
                    name: request.GET[name]
                    for name in ("period", "start", "end")
                    if request.GET.get(name)
                }
            )
            or "period=30",
        }
        return TemplateResponse(request, "insights/page.html", context, status=400 if bad else 200)

    @staticmethod
    def csv_download(slug, sections, start, end):
        chart = next(
            (chart for section in sections for chart in section.charts if chart.slug == slug), None
        )
        if chart is None:
            raise Http404("There is no such chart.")
        response = HttpResponse(chart.csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="insights-{slug}-{start}-{end}.csv"'
        )
        return response
