"""HTML pages of the initiative's news: the list, a post with its comments, the forms, and the
member suggestions for @mentions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from coordination import forms, permissions, selectors, services
from coordination.models import NewsComment, NewsPost
from coordination.notifications import (
    mention_names,
    mention_plain,
    mention_token,
    render_mentions,
)
from core.errors import ApplicationError
from core.forms import form_add_service_error
from core.htmx import redirect, render_form_page, render_page
from core.http import require
from initiatives.permissions import access_initiative_page

PAGE_SIZE = 10
EXCERPT_WORDS = 40


def _initiative(request, slug):
    return access_initiative_page(request, slug, permissions.can_view_news)


def _mention_url(initiative, membership) -> str | None:
    if not permissions.can_mention(membership):
        return None
    return reverse("coordination:news-mentions", kwargs={"slug": initiative.slug})


def _post(initiative, pk) -> NewsPost:
    return get_object_or_404(
        NewsPost.objects.select_related("initiative", "author"), initiative=initiative, pk=pk
    )


def _detail_url(initiative, post, comment=None) -> str:
    url = reverse("coordination:news-detail", kwargs={"slug": initiative.slug, "pk": post.pk})
    return f"{url}#comment-{comment.pk}" if comment is not None else url


@login_required
def news_list(request, slug):
    """Pinned news first, then the newest; ten to a page, each with an excerpt."""
    initiative, membership = _initiative(request, slug)
    posts = selectors.news_post_list(viewer=request.user, initiative=initiative)
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    names = mention_names([post.body for post in page])
    for post in page:
        post.excerpt = Truncator(mention_plain(post.body, names)).words(EXCERPT_WORDS)
    context = {
        "initiative": initiative,
        "membership": membership,
        "page": page,
        "can_manage": permissions.can_manage_news(membership),
    }
    return render_page(request, "coordination/news_list.html", context)


def _detail_context(request, initiative, membership, post, comment_form=None):
    comments = list(post.comments.all())
    names = mention_names([post.body, *(c.body for c in comments)])
    post.body_html = render_mentions(post.body, names)
    for comment in comments:
        comment.body_html = render_mentions(comment.body, names)
        comment.can_edit = permissions.can_edit_comment(membership, comment)
        comment.can_delete = permissions.can_delete_comment(membership, comment)
    can_comment = permissions.can_comment_news(membership)
    if comment_form is None and can_comment:
        comment_form = forms.NewsCommentForm(mention_url=_mention_url(initiative, membership))
    return {
        "initiative": initiative,
        "membership": membership,
        "post": post,
        "comments": comments,
        "form": comment_form,
        "can_comment": can_comment,
        "can_manage": permissions.can_manage_news(membership),
    }


@login_required
def news_detail(request, slug, pk):
    """A post with its comments, oldest first, and the form to comment."""
    initiative, membership = _initiative(request, slug)
    post = selectors.news_post_get(viewer=request.user, initiative=initiative, pk=pk)
    if post is None:
        raise Http404
    context = _detail_context(request, initiative, membership, post)
    return render_page(request, "coordination/news_detail.html", context)


def _post_form_page(request, initiative, form, post=None):
    return render_form_page(
        request,
        "coordination/news_form.html",
        {"initiative": initiative, "form": form, "post": post, "is_new": post is None},
    )


@login_required
def news_create(request, slug):
    initiative, membership = _initiative(request, slug)
    require(permissions.can_manage_news(membership))
    form = forms.NewsPostForm(
        request.POST or None, mention_url=_mention_url(initiative, membership)
    )
    if request.method == "POST" and form.is_valid():
        try:
            post = services.news_post_create(
                acting_user=request.user, initiative=initiative, **form.fields_for_service()
            )
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(
                request,
                _("“%(title)s” has been published. The members have been notified.")
                % {"title": post.title},
            )
            return redirect(request, _detail_url(initiative, post))
    return _post_form_page(request, initiative, form)


@login_required
def news_update(request, slug, pk):
    initiative, membership = _initiative(request, slug)
    post = _post(initiative, pk)
    require(permissions.can_manage_news(membership))
    form = forms.NewsPostForm(
        request.POST or None, post=post, mention_url=_mention_url(initiative, membership)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.news_post_update(
                acting_user=request.user, post=post, **form.fields_for_service()
            )
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(request, _detail_url(initiative, post))
        post.refresh_from_db()
    return _post_form_page(request, initiative, form, post)


@login_required
def news_delete(request, slug, pk):
    """Ask first: the post disappears with its comments."""
    initiative, membership = _initiative(request, slug)
    post = _post(initiative, pk)
    require(permissions.can_manage_news(membership))
    if request.method == "POST":
        services.news_post_delete(acting_user=request.user, post=post)
        messages.success(request, _("“%(title)s” has been deleted.") % {"title": post.title})
        return redirect(request, "coordination:news-list", slug=initiative.slug)
    return render(
        request,
        "coordination/news_confirm_delete.html",
        {
            "initiative": initiative,
            "post": post,
            "comment_count": post.comments.count(),
        },
    )


@login_required
@require_POST
def news_comment_create(request, slug, pk):
    initiative, membership = _initiative(request, slug)
    require(permissions.can_comment_news(membership))
    post = selectors.news_post_get(viewer=request.user, initiative=initiative, pk=pk)
    if post is None:
        raise Http404
    form = forms.NewsCommentForm(request.POST, mention_url=_mention_url(initiative, membership))
    if form.is_valid():
        try:
            comment = services.news_comment_create(
                acting_user=request.user, post=post, body=form.cleaned_data["body"]
            )
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("Your comment has been added."))
            if getattr(request, "htmx", False):
                # A redirect to the same page with only a new #fragment would not reload it;
                # the refresh keeps the scroll position, just above the new comment.
                return HttpResponseClientRefresh()
            return redirect(request, _detail_url(initiative, post, comment))
    context = _detail_context(request, initiative, membership, post, comment_form=form)
    return render_page(
        request, "coordination/news_detail.html", context, partial="form", status=422
    )


def _comment(initiative, pk, comment_pk) -> NewsComment:
    return get_object_or_404(
        NewsComment.objects.select_related("post__initiative", "author"),
        post__initiative=initiative,
        post_id=pk,
        pk=comment_pk,
    )


@login_required
def news_comment_update(request, slug, pk, comment_pk):
    initiative, membership = _initiative(request, slug)
    comment = _comment(initiative, pk, comment_pk)
    require(permissions.can_edit_comment(membership, comment))
    form = forms.NewsCommentForm(
        request.POST or None,
        initial={"body": comment.body},
        mention_url=_mention_url(initiative, membership),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.news_comment_update(
                acting_user=request.user, comment=comment, body=form.cleaned_data["body"]
            )
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("Your comment has been saved."))
            return redirect(request, _detail_url(initiative, comment.post, comment))
    return render_form_page(
        request,
        "coordination/news_comment_form.html",
        {"initiative": initiative, "form": form, "comment": comment, "post": comment.post},
    )


@login_required
def news_comment_delete(request, slug, pk, comment_pk):
    """Ask first; the author deletes their own comment, the backbone office any."""
    initiative, membership = _initiative(request, slug)
    comment = _comment(initiative, pk, comment_pk)
    require(permissions.can_delete_comment(membership, comment))
    if request.method == "POST":
        services.news_comment_delete(acting_user=request.user, comment=comment)
        messages.success(request, _("The comment has been deleted."))
        return redirect(request, _detail_url(initiative, comment.post))
    names = mention_names([comment.body])
    comment.body_html = render_mentions(comment.body, names)
    return render(
        request,
        "coordination/news_comment_confirm_delete.html",
        {
            "initiative": initiative,
            "comment": comment,
            "post": comment.post,
            "is_own": comment.author_id == request.user.pk,
        },
    )


@login_required
def news_mentions(request, slug):
    """The members matching `?q=` as options of the mention listbox (an htmx fragment)."""
    initiative, membership = _initiative(request, slug)
    require(permissions.can_mention(membership))
    query = (request.GET.get("q") or "")[:60]
    people = selectors.mention_candidate_list(
        viewer=request.user, initiative=initiative, query=query
    )
    options = [{"user": person, "token": mention_token(person)} for person in people]
    return render(
        request,
        "coordination/news_mentions.html",
        {"options": options, "query": query},
    )
