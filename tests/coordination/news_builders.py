"""News posts and comments on top of the default world, built through the services.

`news_world(w)`: a news post of the coordinator with one comment by the partner (the partner2
is mentioned in it). `add_news()` adds volume for query guards.
"""

import itertools
import types

from coordination import services
from coordination.notifications import mention_token

_serial = itertools.count()


def news_world(w):
    """Built once per world; later calls return the same namespace."""
    if hasattr(w, "news"):
        return w.news
    post = services.news_post_create(
        acting_user=w.coordinator,
        initiative=w.initiative,
        title="Matching-Tag im Mai",
        body="Am 14. Mai findet der Matching-Tag im Rathaus statt.",
    )
    comment = services.news_comment_create(
        acting_user=w.partner,
        post=post,
        body=f"Wir sind dabei. {mention_token(w.partner2)} kommt ihr auch?",
    )
    w.news = types.SimpleNamespace(post=post, comment=comment)
    return w.news


def add_news(w, count: int, *, comments_per_post: int = 1, pinned: int = 0) -> list:
    posts = []
    for index in range(count):
        post = services.news_post_create(
            acting_user=w.coordinator,
            initiative=w.initiative,
            title=f"Nachricht {next(_serial)}",
            body=f"Text mit Erwähnung {mention_token(w.partner)} und {mention_token(w.viewer)}.",
            pinned=index < pinned,
        )
        for _ in range(comments_per_post):
            services.news_comment_create(
                acting_user=w.viewer, post=post, body=f"Danke, {mention_token(w.coordinator)}!"
            )
        posts.append(post)
    return posts
