"""Intake pages: the public report form, the correspondent form, submissions and their fate."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from speechwatch.incidents.models import Incident
from speechwatch.incidents.queries import BadCursor
from speechwatch.intake.actions import (
    convert_submission,
    merge_submission,
    reject_submission,
    submission_fields,
    submit,
)
from speechwatch.intake.files import Rejected
from speechwatch.intake.forms import PublicReportForm, SubmissionForm
from speechwatch.intake.models import Attachment, Reporter, Submission
from speechwatch.intake.queries import outcome_of, submission_page, visible_submissions
from speechwatch.lib.conflicts import StaleEdit
from speechwatch.staff import roles as R
from speechwatch.staff.access import has, require, who
from speechwatch.staff.assignments import assignment_of
from speechwatch.staff.conflicts import conflict_context, posted_version
from speechwatch.staff.throttle import ip_key, throttle_hit

# --- reading the posted form ----------------------------------------------------------------
#
# Django refuses some requests while parsing them (too many files or fields, too much text, a
# part header over 1 KiB such as a file name of a thousand characters) by raising on the first
# access to request.POST — which the CSRF middleware makes before any view runs, ending in a bare
# "Bad Request (400)" page. The two form views are therefore csrf_exempt on the outside: they
# read the form themselves, answer a refused one with the form again and a message naming the
# problem (nothing is stored, so no CSRF check is needed for that), and pass a readable one to
# the inner view, which is csrf_protect as usual (Django's documented pattern for upload views).
# settings.DATA_UPLOAD_MAX_NUMBER_FILES is well above INTAKE_MAX_FILES, so a few files too many
# reach the form, which says "at most N files" and keeps what was typed.


def unreadable_post(request: HttpRequest) -> str:
    """Why Django refused to read the posted form, or "" (also for a GET)."""
    if request.method != "POST":
        return ""
    try:
        request.POST  # noqa: B018 - parsing is what may fail
        request.FILES  # noqa: B018
    except TooManyFilesSent:
        return _("Too many files: at most %(n)d files.") % {"n": settings.INTAKE_MAX_FILES}
    except RequestDataTooBig:
        return _("The text is too long to be received.")
    except TooManyFieldsSent:
        return _("The form was sent with too many fields.")
    except MultiPartParserError:
        return _("The attached files could not be read (is a file name very long?).")
    return ""


def refused(request: HttpRequest, form: Form, template: str, problem: str) -> HttpResponse:
    """The empty form again, saying why nothing was received."""
    form.cleaned_data = {}  # an unbound form has none; add_error needs it
    form.add_error(
        None,
        _("Nothing was received: %(problem)s Please fill in the form again.")
        % {"problem": problem},
    )
    return render(request, template, {"form": form}, status=400)


# --- public ----------------------------------------------------------------------------------


@csrf_exempt  # see unreadable_post: the CSRF check is made by _public_report
def public_report(request: HttpRequest) -> HttpResponse:
    """Anyone may report; limited per address, with a honeypot instead of a third-party captcha."""
    problem = unreadable_post(request)
    if problem:
        return refused(request, PublicReportForm(), "intake/report.html", problem)
    return _public_report(request)


@csrf_protect
def _public_report(request: HttpRequest) -> HttpResponse:
    form = PublicReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        allowed = throttle_hit(
            f"report:{ip_key(request)}",
            limit=settings.INTAKE_PUBLIC_LIMIT,
            window=settings.INTAKE_PUBLIC_WINDOW,
        )
        if not allowed:
            return render(request, "intake/throttled.html", status=429)
        if form.is_bot:
            # Look like success so the bot learns nothing; store nothing.
            return redirect("report:thanks")
        if form.is_valid():
            try:
                submit(
                    form.to_input(),
                    form.to_reporter(None),
                    form.cleaned_data["attachments"],
                    who=who(request),
                )
            except (ValueError, Rejected) as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("report:thanks")
        return render(request, "intake/report.html", {"form": form}, status=400)
    return render(request, "intake/report.html", {"form": form})


def public_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/thanks.html")


# --- correspondents and staff ------------------------------------------------------------------


@csrf_exempt  # see unreadable_post: the CSRF check is made by _submit_form
@require(R.SUBMIT)
def submit_form(request: HttpRequest) -> HttpResponse:
    problem = unreadable_post(request)
    if problem:
        form = SubmissionForm(initial={"may_contact": True})
        return refused(request, form, "intake/submit.html", problem)
    return _submit_form(request)


@csrf_protect
def _submit_form(request: HttpRequest) -> HttpResponse:
    form = SubmissionForm(
        request.POST or None, request.FILES or None, initial={"may_contact": True}
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                submission = submit(
                    form.to_input(),
                    form.to_reporter(request.user.pk),
                    form.cleaned_data["attachments"],
                    who=who(request),
                )
            except (ValueError, Rejected) as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Thank you: your report was received."))
                return redirect("intake:submission", external_id=submission.external_id)
        return render(request, "intake/submit.html", {"form": form}, status=400)
    return render(request, "intake/submit.html", {"form": form})


@require(R.SUBMIT)
def submissions(request: HttpRequest) -> HttpResponse:
    staff = has(request, R.REVIEW)
    qs = visible_submissions(request.user.pk or 0, staff=staff)
    state = request.GET.get("state", "")
    if state == "open":
        qs = qs.filter(outcome__isnull=True)
    elif state == "done":
        qs = qs.filter(outcome__isnull=False)
    try:
        page = submission_page(qs, request.GET.get("cursor"))
    except BadCursor as exc:
        return HttpResponseBadRequest(str(exc))
    query = request.GET.copy()
    query.pop("cursor", None)
    return render(
        request,
        "intake/submissions.html",
        {
            "submissions": page.submissions,
            "next_cursor": page.next_cursor,
            "state": state,
            "staff": staff,
            "query": query.urlencode(),
        },
    )


def _visible(request: HttpRequest, external_id: str) -> Submission:
    """Object-level rule: staff see every submission, a correspondent only their own."""
    submission = get_object_or_404(
        Submission.objects.select_related("region"), external_id=external_id
    )
    if has(request, R.REVIEW):
        return submission
    if Reporter.objects.filter(submission=submission, user_id=request.user.pk or 0).exists():
        return submission
    raise Http404(_("no such submission"))  # do not reveal that it exists


def _submission_context(request: HttpRequest, obj: Submission) -> dict[str, Any]:
    staff = has(request, R.REVIEW)
    assignment = assignment_of("submission", obj.external_id)
    return {
        "submission": obj,
        "version": obj.version,  # of the staff's work on it (lib/conflicts.py)
        "typed": {},
        "reporter": Reporter.objects.filter(submission=obj).select_related("user").first(),
        "attachments": obj.attachments.all(),
        "outcome": outcome_of(obj),
        "staff": staff,
        "can_edit": has(request, R.EDIT),
        "assignee": assignment.user.get_username() if assignment else "",
    }


@require(R.SUBMIT)
def submission(request: HttpRequest, external_id: str) -> HttpResponse:
    obj = _visible(request, external_id)
    return render(request, "intake/submission.html", _submission_context(request, obj))


def stale_response(
    request: HttpRequest, external_id: str, exc: StaleEdit, yours: dict[str, str]
) -> HttpResponse:
    """A decision taken on a page read before another staff change: nothing was done; 409 with
    the submission's state now next to what was asked, the typed values kept, the new version."""
    fresh = get_object_or_404(Submission.objects.select_related("region"), external_id=external_id)
    context = _submission_context(request, fresh)
    context["typed"] = yours
    context["conflict"] = conflict_context(exc, yours, submission_fields(fresh))
    return render(request, "intake/submission.html", context, status=409)


@require(R.SUBMIT)
def attachment(request: HttpRequest, external_id: str, pk: int) -> FileResponse:
    obj = _visible(request, external_id)
    att = get_object_or_404(Attachment, submission=obj, pk=pk)
    response = FileResponse(
        att.file.open("rb"),
        as_attachment=True,
        filename=att.original_name,
        content_type=att.content_type,
    )
    # Never rendered inline: an uploaded file must not run in our origin.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@require(R.EDIT)
def convert(request: HttpRequest, external_id: str) -> HttpResponse:
    obj = get_object_or_404(Submission, external_id=external_id)
    try:
        incident = convert_submission(
            obj, who=who(request), expected_version=posted_version(request)
        )
    except StaleEdit as exc:
        return stale_response(request, external_id, exc, {"outcome": "converted"})
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("intake:submission", external_id=obj.external_id)
    messages.success(request, _("Draft incident created from the submission."))
    return redirect("workspace:incident_edit", external_id=incident.external_id)


@require_POST
@require(R.EDIT)
def merge(request: HttpRequest, external_id: str) -> HttpResponse:
    obj = get_object_or_404(Submission, external_id=external_id)
    target = Incident.objects.filter(external_id=request.POST.get("incident", "").strip()).first()
    if target is None:
        messages.error(request, _("incident: no incident with this id."))
        return redirect("intake:submission", external_id=obj.external_id)
    try:
        merge_submission(obj, target, who=who(request), expected_version=posted_version(request))
    except StaleEdit as exc:
        yours = {"outcome": "merged", "incident": target.external_id}
        return stale_response(request, external_id, exc, yours)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("intake:submission", external_id=obj.external_id)
    messages.success(request, _("Submission merged into the incident."))
    return redirect("workspace:incident", external_id=target.external_id)


@require_POST
@require(R.EDIT)
def reject(request: HttpRequest, external_id: str) -> HttpResponse:
    obj = get_object_or_404(Submission, external_id=external_id)
    note = request.POST.get("note", "")
    try:
        reject_submission(
            obj, note=note, who=who(request), expected_version=posted_version(request)
        )
    except StaleEdit as exc:
        return stale_response(
            request, external_id, exc, {"outcome": "rejected", "note": note.strip()}
        )
    except ValueError as exc:
        messages.error(request, str(exc))
    return redirect("intake:submission", external_id=obj.external_id)
