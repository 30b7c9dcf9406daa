"""salvo's tables as SQLAlchemy 2 typed models; no engine, no session, no pipeline imports."""

from models.article import Article, ArticlePath
from models.base import Base
from models.event import Attribution, Event, Source
from models.ledger import ArticleAnchor, ArticleCopy, LedgerClaim, LedgerEvent, LedgerState
from models.review import Review
from models.run import DocumentError, Run

__all__ = ["Article", "ArticleAnchor", "ArticleCopy", "ArticlePath", "Attribution", "Base",
           "DocumentError", "Event", "LedgerClaim", "LedgerEvent", "LedgerState", "Review",
           "Run", "Source"]
