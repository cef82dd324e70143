"""The work summary page (工作总结): the Word draft, its PDF and the statistical tables of a
period and division; the office's own texts; the office's Word template.

Everyone who may see a division downloads its summary; only those who may change it save
texts or change its template (a viewer sees the texts read-only). The documents are written
by `weijian.reports`; a failure to write one comes back to the page as a message.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from weijian.accounts import scope
from weijian.periods import parse
from weijian.reports import summary
from weijian.reports.models import SummaryTemplate
from weijian.reports.pdf import PdfError, to_pdf
from weijian.reports.tables import write_tables
from weijian.web import dashboard_data as data
from weijian.web.shortcuts import DOCX, PDF, XLSX, attachment, requested_division, requested_period, require_change

TEMPLATE_MAX_BYTES = 5 * 1024 * 1024
TEXT_MAX_CHARS = 10_000
DEFAULT_TEMPLATE_NAME = "工作总结默认模板.docx"


# ---------------------------------------------------------------- forms

class PartField(forms.CharField):
    """A part's textarea. Its line breaks compare equal however the browser sent them, so a
    part left as it was counts as unchanged."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")


class TextsForm(forms.Form):
    """A textarea per part of `summary.PARTS`, holding the text the page showed (its hidden
    initial value), so that only the parts the user changed are saved."""

    def __init__(self, states: dict[str, summary.TextState], *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, state in states.items():
            self.fields[code] = PartField(
                label=state.part.name, initial=state.text, required=False, show_hidden_initial=True,
                max_length=TEXT_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 5 if state.text else 3}),
                error_messages={"max_length": f"最多 {TEXT_MAX_CHARS} 字"})


class TemplateForm(forms.Form):
    file = forms.FileField(label="Word 模板（.docx）", error_messages={"required": "请选择要上传的模板文件"})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() != ".docx":
            raise forms.ValidationError("请上传 .docx 格式的 Word 文件（.doc 等旧格式请先在 Word 中另存为 .docx）")
        if upload.size > TEMPLATE_MAX_BYTES:
            raise forms.ValidationError(f"模板文件过大（{upload.size / 1024 / 1024:.1f} MB），最大 "
                                        f"{TEMPLATE_MAX_BYTES // 1024 // 1024} MB")
        return upload


# ---------------------------------------------------------------- the page

def _asked(request):
    """The division (404 if not visible) and period of the query, as the page shows them."""
    division = requested_division(request)
    period, period_error = requested_period(request, data.default_period(date.today()).code)
    return division, period, period_error


def _page_url(request) -> str:
    query = request.GET.urlencode()
    return reverse("web:summary") + (f"?{query}" if query else "")


def _where_from(state: summary.TextState) -> str:
    if state.own:
        return "本期已填写"
    if state.period:
        return f"沿用{summary.period_label(parse(state.period))}的文字"
    return "默认文字" if state.text else "未填写"


@login_required
@require_http_methods(["GET", "POST"])
def summary_page(request):
    division, period, period_error = _asked(request)
    states = summary.texts_for(division, period)
    form = TextsForm(states, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        require_change(request.user, division)
        if period_error:
            messages.error(request, f"文字未保存：{period_error}")
            return redirect(_page_url(request))
        if form.is_valid():
            changed = {code: form.cleaned_data[code] for code in form.changed_data}
            summary.save_texts(user=request.user, org=division, period=period, texts=changed)
            names = "、".join(states[code].part.name for code in changed)
            messages.success(request, f"已保存{division.name}{period.code}的文字：{names}" if changed
                             else "文字没有改动，未保存")
            return redirect(_page_url(request))
    source = summary.template_source(division)
    return render(request, "web/summary.html", {
        "title": "工作总结", "division": division, "period": period, "period_error": period_error,
        "period_label": summary.period_label(period),
        "periods": data.recent_periods(date.today()), "divisions": data.selectable_divisions(request.user),
        "query": urlencode({"period": period.code, "org": division.code}),
        "parts": [(form[code], _where_from(state)) for code, state in states.items()],
        "may_change": scope.can_change(request.user, division) and not period_error,
        "template_source": source, "own_template": _own_template(division),
        "template_form": TemplateForm(), "template_max_mb": TEMPLATE_MAX_BYTES // 1024 // 1024,
    })


def _own_template(division):
    """The division's own template without its content, or None."""
    return SummaryTemplate.objects.filter(org=division).defer("content").select_related("uploaded_by").first()


# ---------------------------------------------------------------- downloads

def _filename(division, period, what: str, suffix: str) -> str:
    return f"{division.name}{summary.period_label(period)}{what}.{suffix}"


def _back(request, error: Exception):
    """Back to the page, saying why the document could not be made."""
    messages.error(request, str(error))
    return redirect(_page_url(request))


@login_required
def summary_word(request):
    division, period, _ = _asked(request)
    try:
        made = summary.write_summary(period, division)
    except summary.SummaryError as error:
        return _back(request, error)
    return attachment(made.docx, _filename(division, period, "工作总结", "docx"), DOCX)


@login_required
def summary_pdf(request):
    division, period, _ = _asked(request)
    try:
        content = to_pdf(summary.write_summary(period, division).docx)
    except (summary.SummaryError, PdfError) as error:
        return _back(request, error)
    return attachment(content, _filename(division, period, "工作总结", "pdf"), PDF)


@login_required
def summary_tables(request):
    division, period, _ = _asked(request)
    buffer = BytesIO()
    write_tables(period, division, buffer)
    return attachment(buffer.getvalue(), _filename(division, period, "统计表", "xlsx"), XLSX)


@login_required
def template_file(request):
    """The template in use for the division (?default=1: the default template)."""
    division = requested_division(request)
    if request.GET.get("default") == "1":
        return attachment(summary.DEFAULT_TEMPLATE.read_bytes(), DEFAULT_TEMPLATE_NAME, DOCX)
    return attachment(summary.template_for(division)[0], f"{division.name}工作总结模板.docx", DOCX)


# ---------------------------------------------------------------- the template

@login_required
@require_POST
def template_upload(request):
    """Keep an uploaded .docx as the division's template, once it has written this period's summary."""
    division, period, _ = _asked(request)
    require_change(request.user, division)
    form = TemplateForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, f"模板未保存：{error}")
        return redirect(_page_url(request))
    upload = form.cleaned_data["file"]
    content = upload.read()
    try:
        summary.write_summary(period, division, template=content)  # a template that cannot be filled is refused now
        summary.save_template(user=request.user, org=division, name=upload.name, content=content)
    except summary.SummaryError as error:
        messages.error(request, f"模板未保存：{error}")
    else:
        messages.success(request, f"已将“{Path(upload.name).name}”保存为{division.name}的模板")
    return redirect(_page_url(request))


@login_required
@require_POST
def template_delete(request):
    division = requested_division(request)
    require_change(request.user, division)
    if summary.delete_template(user=request.user, org=division):
        messages.success(request, f"已删除{division.name}的模板，现在使用：{summary.template_source(division)}")
    else:
        messages.error(request, f"{division.name}没有自己的模板")
    return redirect(_page_url(request))


urlpatterns = [
    path("summary/", summary_page, name="summary"),
    path("summary/word/", summary_word, name="summary_word"),
    path("summary/pdf/", summary_pdf, name="summary_pdf"),
    path("summary/tables/", summary_tables, name="summary_tables"),
    path("summary/template/", template_file, name="summary_template"),
    path("summary/template/upload/", template_upload, name="summary_template_upload"),
    path("summary/template/delete/", template_delete, name="summary_template_delete"),
]
