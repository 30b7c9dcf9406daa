"""Keeping `article_copies` and `article_anchors` up to date, within the ledger's transaction.

New articles (stored, readable, without a sketch yet) are sketched and matched against the
stored ones that share an anchor, found through the index; a whole collection (the first
refresh, or a rebuild) is grouped in memory by `copies.group_all`. Articles deleted since take
their rows with them (foreign keys).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, delete, insert, select, update

from models import Article, ArticleAnchor, ArticleCopy
from pipeline.ledger import copies
from pipeline.ledger.copies import Groups, Stored
from pipeline.ledger.rules import Rules

BULK = 500  # more new articles than this are grouped with the stored ones in memory
_CHUNK = 500  # ids or anchors per IN (...) list


def update_copies(conn: Connection, rules: Rules, rebuild: bool = False) -> set[int]:
    """Sketch and group the new articles; the stored articles whose group was renamed."""
    if rebuild:
        conn.execute(delete(ArticleAnchor))
        conn.execute(delete(ArticleCopy))
    new = _new_articles(conn, rules)
    if not new:
        return set()
    _insert(conn, new, rules)
    if rebuild:
        return _regroup_all(conn, rules, new)
    if len(new) > BULK:
        return _regroup_all(conn, rules, _stored(conn))
    return _add(conn, new, rules)


def _new_articles(conn: Connection, rules: Rules) -> list[Stored]:
    query = (select(Article.id, Article.content_hash, Article.published, Article.text)
             .where(Article.status == "ok", Article.text.is_not(None),
                    Article.id.not_in(select(ArticleCopy.article_id)))
             .order_by(Article.content_hash))
    rows = conn.execute(query).all()
    sketches = copies.sketches([text for *_, text in rows], rules)
    return [Stored(i, h, p, sketch) for (i, h, p, _), sketch in zip(rows, sketches, strict=True)]


def _insert(conn: Connection, new: Sequence[Stored], rules: Rules) -> None:
    conn.execute(insert(ArticleCopy), [
        {"article_id": a.article_id, "sketch": copies.encode(a.sketch),
         "copy_group": a.content_hash} for a in new])
    anchors = [{"anchor": anchor, "article_id": a.article_id}
               for a in new for anchor in set(copies.anchors(a.sketch, rules))]
    if anchors:
        conn.execute(insert(ArticleAnchor), anchors)


def _stored(conn: Connection, where=None) -> list[Stored]:
    query = (select(Article.id, Article.content_hash, Article.published, ArticleCopy.sketch)
             .join(ArticleCopy, ArticleCopy.article_id == Article.id))
    if where is not None:
        query = query.where(where)
    return [Stored(i, h, p, copies.decode(s)) for i, h, p, s in conn.execute(query)]


def _labels(conn: Connection) -> dict[int, str]:
    return dict(conn.execute(select(ArticleCopy.article_id, ArticleCopy.copy_group)).all())


def _regroup_all(conn: Connection, rules: Rules, articles: Sequence[Stored]) -> set[int]:
    """Group `articles` (every stored one) in memory; the articles renamed."""
    before = _labels(conn)
    after = copies.group_all(articles, rules)
    return _relabel(conn, before, after)


def _relabel(conn: Connection, before: dict[int, str], after: dict[int, str]) -> set[int]:
    """Write the labels that changed; the ids of those articles."""
    changed = {i for i, label in after.items() if before.get(i) != label}
    by_label: dict[str, list[int]] = defaultdict(list)
    for article_id in changed:
        by_label[after[article_id]].append(article_id)
    for label, ids in by_label.items():
        for chunk in _chunks(sorted(ids)):
            conn.execute(update(ArticleCopy).where(ArticleCopy.article_id.in_(chunk))
                         .values(copy_group=label))
    return changed


def _add(conn: Connection, new: Sequence[Stored], rules: Rules) -> set[int]:
    """Match each new article (in content-hash order) with exemplars of the stored groups and
    of the new articles before it that share an anchor; merge and rename the groups found."""
    new_ids = {a.article_id for a in new}
    held = _anchor_members(conn, new, rules)
    labels = _labels_of(conn, {m for ms in held.values() for m in ms} - new_ids)
    groups = Groups()

    def node(article_id: int) -> str:
        return groups.find(f"g:{labels[article_id]}" if article_id in labels
                           else f"a:{article_id:012d}")

    sketches = {a.article_id: a.sketch for a in new}
    registered: dict[int, list[int]] = defaultdict(list)
    for article in new:
        mine = [(anchor, [*held.get(anchor, ()), *registered[anchor]])
                for anchor in copies.anchors(article.sketch, rules)]
        others = copies.exemplars(mine, node)
        sketches.update(_sketches(conn, [o for o in others if o not in sketches]))
        for other in others:
            if node(other) != node(article.article_id) and copies.similarity(
                    article.sketch, sketches[other], rules.sketch_size) >= rules.min_similarity:
                groups.union(node(article.article_id), node(other))
        for anchor, _members in mine:
            registered[anchor].append(article.article_id)
    return _rename(conn, new, groups, node)


def _rename(conn: Connection, new: Sequence[Stored], groups: Groups, node) -> set[int]:
    """Name every group that a new article is in after its original; the stored articles
    renamed."""
    roots = {node(a.article_id) for a in new}
    labels = sorted(item[2:] for item in list(groups.parent)
                    if item.startswith("g:") and groups.find(item) in roots)
    by_root: dict[str, list[Stored]] = defaultdict(list)
    before: dict[int, str] = {}
    for article, label in _members(conn, labels):
        by_root[groups.find(f"g:{label}")].append(article)
        before[article.article_id] = label
    for article in new:
        by_root[node(article.article_id)].append(article)
        before[article.article_id] = article.content_hash
    after = {a.article_id: copies.original(group).content_hash
             for group in by_root.values() for a in group}
    return _relabel(conn, before, after) - {a.article_id for a in new}


def _members(conn: Connection, labels: list[str]) -> Iterable[tuple[Stored, str]]:
    """The stored articles of the groups named, with their group."""
    for chunk in _chunks(labels):
        query = (select(Article.id, Article.content_hash, Article.published, ArticleCopy.sketch,
                        ArticleCopy.copy_group)
                 .join(ArticleCopy, ArticleCopy.article_id == Article.id)
                 .where(ArticleCopy.copy_group.in_(chunk)))
        for i, h, p, s, label in conn.execute(query):
            yield Stored(i, h, p, copies.decode(s)), label


def _anchor_members(conn: Connection, new: Sequence[Stored], rules: Rules
                    ) -> dict[int, list[int]]:
    """Anchor -> the stored articles holding it (ascending ids), for the new articles' anchors."""
    wanted = sorted({anchor for a in new for anchor in copies.anchors(a.sketch, rules)})
    held: dict[int, list[int]] = defaultdict(list)
    new_ids = {a.article_id for a in new}
    for chunk in _chunks(wanted):
        query = (select(ArticleAnchor.anchor, ArticleAnchor.article_id)
                 .where(ArticleAnchor.anchor.in_(chunk))
                 .order_by(ArticleAnchor.anchor, ArticleAnchor.article_id))
        for anchor, article_id in conn.execute(query):
            if article_id not in new_ids:
                held[anchor].append(article_id)
    return held


def _labels_of(conn: Connection, ids: Iterable[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for chunk in _chunks(sorted(ids)):
        found.update(conn.execute(select(ArticleCopy.article_id, ArticleCopy.copy_group)
                                  .where(ArticleCopy.article_id.in_(chunk))).all())
    return found


def _sketches(conn: Connection, ids: Iterable[int]) -> dict[int, tuple[int, ...]]:
    found: dict[int, tuple[int, ...]] = {}
    for chunk in _chunks(sorted(ids)):
        for article_id, text in conn.execute(select(ArticleCopy.article_id, ArticleCopy.sketch)
                                             .where(ArticleCopy.article_id.in_(chunk))):
            found[article_id] = copies.decode(text)
    return found


def _chunks(items: Sequence) -> Iterable[Sequence]:
    for i in range(0, len(items), _CHUNK):
        yield items[i:i + _CHUNK]
