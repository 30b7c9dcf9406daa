"""Hostile input: every broken file gives a recorded, readable error or a correct result.

One run of `salvo ingest` over a folder of generated hostile files (nothing large is committed),
then one assertion per input on what the database says about it; the run must finish with exit
code 1 (some documents failed) and keep every good document. Inputs that need a code path of
their own (files changing or vanishing mid-run, unreadable files) are tested on `read_file` and
on an in-process run.
"""

from __future__ import annotations

import base64
import codecs
import gzip
import os
import shutil
import signal
from pathlib import Path

import pytest
from conftest import query, salvo

from pipeline.content import extract_content
from pipeline.content.decode import decode_bytes
from pipeline.run import ingest as ingest_module
from pipeline.run.ingest import ReadError, read_file, run_ingest
from pipeline.settings import Settings
from pipeline.sources.files import SourceFile, SourceProblem, discover

STORY = [
    "Germany delivered 18 Leopard 2 tanks to Ukraine on Monday, the defence ministry said.",
    "The tanks arrived by rail through Poland after weeks of training for their crews.",
    "Officials in Kyiv said the vehicles would be sent to the southern front within days.",
    "A second batch of armoured vehicles is expected before the end of the spring.",
    "Berlin has also promised ammunition and spare parts for the coming months.",
]
MARKER = "Leopard 2 tanks to Ukraine"
GERMAN = ["Deutschland hat der Ukraine weitere Panzer geliefert, teilte das Ministerium mit.",
          "Die Fahrzeuge sollen noch in dieser Woche an die Front gebracht werden.",
          "Die Regierung kündigte außerdem Munition und Ersatzteile für die kommenden Monate an."]
BOILERPLATE = ["Subscribe to our newsletter", "Sign in", "Cookie settings", "Share on Facebook",
               "Most read", "Advertisement", "© 2024 All rights reserved", "Privacy policy"]
MiB = 1024 * 1024


def page(paragraphs: list[str], *, head: str = "", prefix: str = "<!DOCTYPE html>",
         wrap: tuple[str, str] = ("", "")) -> str:
    """An HTML page with `paragraphs` as its article, optionally wrapped in more markup."""
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return (f"{prefix}<html><head><title>Tanks for Ukraine</title>{head}</head><body>"
            f"{wrap[0]}<article><h1>Tanks for Ukraine</h1>{body}</article>{wrap[1]}</body></html>")


def story(i: int) -> list[str]:
    """The story made distinct by a closing paragraph, so that copies are not duplicates."""
    return [*STORY, f"This is version {i} of the report, filed from the capital."]


def _entity_bomb() -> str:
    levels = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    dtd = f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY lol0 "lol">{levels}]>'
    return page([*story(8), "&lol9; &lol9; &lol9;"], prefix=dtd)


def _two_members(data: bytes) -> bytes:
    """`data` as a gzip file of two members, as `cat a.gz b.gz` makes."""
    half = len(data) // 2
    return gzip.compress(data[:half]) + gzip.compress(data[half:])


def _hostile_files(folder: Path) -> None:
    """Write one file per hostile input into `folder` (about 60 MB, made in under a second)."""
    files: dict[str, bytes | str] = {
        "good.html": page(story(0)),
        "empty.txt": b"",
        "binary.html": os.urandom(8192),
        "latin1-undeclared.txt": "\n\n".join(["Général Syrskyi said so.", *story(1)])
        .encode("latin-1"),
        "mixed-encodings.txt": b"\n\n".join([
            "Zelenskyy’s envoy — “we thank Berlin”.".encode(),
            "Général Syrskyi said the tanks had arrived.".encode("cp1252"),
            *(p.encode() for p in story(2))]),
        "utf16-bom.html": codecs.BOM_UTF16_LE + page(story(3)).encode("utf-16-le"),
        "charset-lies-utf8.html": page(["Général Syrskyi thanked Berlin.", *story(4)],
                                       head='<meta charset="windows-1251">').encode(),
        "charset-lies-cp1252.html": page(["Général Syrskyi thanked Berlin.", *story(5)],
                                         head='<meta charset="utf-8">').encode("cp1252"),
        "all-boilerplate.html": page(BOILERPLATE),
        "german.html": page(GERMAN),
        "entity-bomb.xhtml": _entity_bomb(),
        "amp-flood.html": page([*story(9), "&amp;" * 100_000]),
        "truncated.html.gz": gzip.compress(page(story(10)).encode())[:300],
        "gzip-bomb.html.gz": gzip.compress(b"\0" * (80 * MiB), compresslevel=9),
        "good.html.gz": gzip.compress(page(story(11)).encode()),
        "odd name ü 'q' (1) #;&$.txt": "\n\n".join(story(12)),
        "multi-member.html.gz": _two_members(page(story(15)).encode()),
        "corrupt.html.gz": b"\x1f\x8b" + b"not deflate data at all" * 10,
        "utf16-no-bom.html": page(story(16)).encode("utf-16-be"),
        "comments-40.html": "<!---->" * 40 + page(story(17)),
        "nul-bytes.txt": "\n\n".join([*story(18), "The weather stayed mild. " * 400 + "\x00"]),
        "menu-only.html": page([], wrap=("<nav><a href=/>Home</a> <a href=/news>News</a></nav>",
                                         "")),
    }
    # 100,000 levels of wrappers: lxml silently drops everything below 256
    files["nested-100k.html"] = page(story(6), wrap=("<div>" * 100_000, "</div>" * 100_000))
    # 50 MB, most of it an inline script, a style sheet and a data: image before the article
    bulky = (f"<script>var state = '{'x' * (30 * MiB)}';</script>"
             f"<style>{'.c{color:red}' * (MiB // 2)}</style>")
    image = base64.b64encode(b"\x89PNG" * (3 * MiB)).decode()
    files["page-50mb.html"] = page(story(7), head=bulky,
                                   wrap=(f'<img src="data:image/png;base64,{image}">', ""))
    for name, content in files.items():
        data = content.encode() if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    shutil.copy(folder / "good.html", folder / "same article, second name.html")
    (folder / "a-folder.html").mkdir()  # a directory named like an article: walked, not read
    (folder / "a-folder.html" / "inside.txt").write_text("\n\n".join(story(13)))
    os.symlink(folder, folder / "loop")  # a folder that contains itself
    os.symlink(folder / "ping.html", folder / "pong.html")  # a file symlink loop
    os.symlink(folder / "pong.html", folder / "ping.html")
    os.symlink(folder / "nowhere.html", folder / "dangling.html")
    (folder.parent / "outside.html").write_text(page(story(19)))
    os.symlink(folder.parent / "outside.html", folder / "outside-link.html")
    os.mkfifo(folder / "pipe.html")  # would block a reader forever
    (folder / "undecodable-\udcff-name.txt").write_text("\n\n".join(story(14)))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    """The hostile folder ingested once: (folder, database, completed process)."""
    root = tmp_path_factory.mktemp("hostile")
    folder, db = root / "in", root / "h.db"
    folder.mkdir()
    _hostile_files(folder)
    result = salvo("ingest", str(folder), "--db", str(db), "--workers", "2", "--timeout", "60",
                   timeout=240)
    return folder, db, result


def outcome(db: Path, path: Path | str) -> tuple[str, str | None, str | None]:
    """(status, error, text) of the file at `path`: its article's, else its recorded error."""
    rows = query(db, "SELECT a.status, a.error, a.text FROM articles a JOIN article_paths p "
                     "ON p.article_id = a.id WHERE p.path = ?", str(path))
    if rows:
        return rows[0]
    errors = query(db, "SELECT stage, error FROM document_errors WHERE path = ?", str(path))
    assert len(errors) == 1, f"{path}: no article and no single error recorded"
    return f"error:{errors[0][0]}", errors[0][1], None


def test_the_run_finishes_and_reports_failures(hostile):
    _folder, db, result = hostile
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert query(db, "SELECT status, exit_code FROM runs") == [("partial", 1)]
    assert query(db, "PRAGMA integrity_check") == [("ok",)]


@pytest.mark.parametrize(("name", "status", "error"), [
    ("empty.txt", "failed", "empty document"),
    ("binary.html", "failed", "binary data, not text"),
    ("truncated.html.gz", "failed", "truncated gzip stream"),
    ("gzip-bomb.html.gz", "failed", "decompressed size exceeds the limit"),
    ("all-boilerplate.html", "no_article", "no article found"),
    ("dangling.html", "error:read", "dangling symlink"),
    ("ping.html", "error:read", "cannot stat: Too many levels of symbolic links"),
    ("pipe.html", "error:read", "not a regular file"),
    ("undecodable-\\xff-name.txt", "error:read", "file name is not valid UTF-8"),
    ("corrupt.html.gz", "failed", "corrupt gzip stream"),
    ("menu-only.html", "no_article", "no article found"),
    ("outside-link.html", "error:read", "symlink leads outside the folders given"),
], ids=lambda v: v if isinstance(v, str) and "." in v else "")
def test_bad_input_is_recorded_with_a_readable_reason(hostile, name, status, error):
    folder, db, _ = hostile
    got_status, got_error, _text = outcome(db, folder / name)
    assert (got_status, got_error[:len(error)]) == (status, error)


@pytest.mark.parametrize(("name", "expected"), [
    ("good.html", MARKER),
    ("good.html.gz", MARKER),
    ("latin1-undeclared.txt", "Général Syrskyi"),
    ("mixed-encodings.txt", "Zelenskyy’s envoy — “we thank Berlin”."),
    ("mixed-encodings.txt", "Général Syrskyi said"),
    ("utf16-bom.html", MARKER),
    ("charset-lies-utf8.html", "Général Syrskyi"),
    ("charset-lies-cp1252.html", "Général Syrskyi"),
    ("nested-100k.html", "version 6 of the report"),
    ("entity-bomb.xhtml", MARKER),
    ("amp-flood.html", MARKER),
    ("odd name ü 'q' (1) #;&$.txt", MARKER),
    ("a-folder.html/inside.txt", MARKER),
    ("multi-member.html.gz", "version 15 of the report"),
    ("utf16-no-bom.html", MARKER),
    ("comments-40.html", MARKER),
    ("nul-bytes.txt", MARKER),
], ids=lambda v: v if "." in v else "")
def test_hostile_but_readable_input_gives_the_article(hostile, name, expected):
    folder, db, _ = hostile
    status, error, text = outcome(db, folder / name)
    assert (status, error) == ("ok", None)
    assert expected in text
    assert "Ã" not in text and "\ufffd" not in text  # no mojibake, no replacement characters
    assert "\x00" not in text


def test_entity_bombs_are_not_expanded(hostile):
    folder, db, _ = hostile
    _status, _error, text = outcome(db, folder / "entity-bomb.xhtml")
    assert "lollol" not in text and len(text) < 5000


def test_non_english_article_is_stored_but_not_read_for_claims(hostile):
    folder, db, _ = hostile
    assert outcome(db, folder / "german.html")[0] == "not_english"
    assert query(db, "SELECT a.language FROM articles a JOIN article_paths p "
                     "ON p.article_id = a.id WHERE p.path = ?",
                 str(folder / "german.html")) == [("de",)]


def test_fifty_megabyte_page_gives_the_article(hostile):
    """libxml2 stops at a text node over 10 MB: a script or image that big would hide it."""
    folder, db, _ = hostile
    status, _error, text = outcome(db, folder / "page-50mb.html")
    assert status == "ok" and MARKER in text


def test_the_same_article_under_two_names_is_stored_once(hostile):
    folder, db, _ = hostile
    rows = query(db, "SELECT p.path FROM article_paths p JOIN article_paths q "
                     "ON p.article_id = q.article_id WHERE q.path = ?", str(folder / "good.html"))
    assert sorted(Path(r[0]).name for r in rows) == ["good.html",
                                                     "same article, second name.html"]


def test_the_folder_symlink_loop_is_walked_once(hostile):
    folder, db, _ = hostile
    paths = [r[0] for r in query(db, "SELECT path FROM article_paths")]
    assert not [p for p in paths if "/loop/" in p]
    assert query(db, "SELECT count(*) FROM document_errors WHERE path LIKE ?",
                 f"{folder}/loop/%") == [(0,)]


# -- the file system changing under the run --------------------------------------------------

def _listed(path: Path) -> SourceFile:
    stat = path.stat()
    return SourceFile(str(path), stat.st_size, stat.st_mtime_ns)


def test_file_that_vanishes_after_discovery_is_a_read_error(tmp_path):
    path = tmp_path / "gone.txt"
    path.write_text("\n\n".join(STORY))
    item = _listed(path)
    path.unlink()
    with pytest.raises(ReadError, match="cannot read: No such file or directory"):
        read_file(item, MiB)


def test_path_replaced_by_a_folder_after_discovery_is_a_read_error(tmp_path):
    path = tmp_path / "story.html"
    path.write_text(page(STORY))
    item = _listed(path)
    path.unlink()
    path.mkdir()
    with pytest.raises(ReadError, match="Is a directory|not a regular file"):
        read_file(item, MiB)


def test_file_that_grows_while_read_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "growing.txt"
    path.write_text("\n\n".join(STORY))
    real_fstat, calls = os.fstat, []

    def fstat_then_append(fd: int) -> os.stat_result:
        result = real_fstat(fd)
        if not calls:  # a writer appends right after the reader looked at the size
            with open(path, "a", encoding="utf-8") as handle:
                handle.write("\nA late correction was appended.")
        calls.append(fd)
        return result

    monkeypatch.setattr(ingest_module.os, "fstat", fstat_then_append)
    with pytest.raises(ReadError, match="changed while being read"):
        read_file(_listed(path), MiB)


def test_file_over_the_size_limit_is_refused_unread(tmp_path):
    path = tmp_path / "huge.html"
    path.write_bytes(b" " * (MiB + 1))
    with pytest.raises(ReadError, match="over the limit"):
        read_file(_listed(path), MiB)


def test_path_replaced_by_a_fifo_after_discovery_is_a_read_error_not_a_hang(tmp_path):
    path = tmp_path / "story.html"
    path.write_text(page(STORY))
    item = _listed(path)
    path.unlink()
    os.mkfifo(path)

    def give_up(_signum: int, _frame: object) -> None:
        raise TimeoutError("read_file blocked on a FIFO")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(2)
    try:
        with pytest.raises(ReadError, match="not a regular file"):
            read_file(item, MiB)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions; "
                    "the read error path is covered by the vanished-file tests")
def test_unreadable_file_is_a_read_error(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text("\n\n".join(STORY))
    path.chmod(0)
    with pytest.raises(ReadError, match="Permission denied"):
        read_file(_listed(path), MiB)


def test_vanished_file_is_recorded_and_the_run_goes_on(tmp_path, monkeypatch):
    """In-process run: a file deleted between discovery and reading becomes a recorded error."""
    folder, db = tmp_path / "in", tmp_path / "v.db"
    folder.mkdir()
    victim = folder / "vanishing.txt"
    victim.write_text("\n\n".join(STORY))

    def collect_then_delete(paths: list[str], follow_symlinks: bool
                            ) -> list[SourceFile | SourceProblem]:
        files = list(discover(paths, follow_symlinks))
        victim.unlink()
        return files

    monkeypatch.setattr(ingest_module, "collect", collect_then_delete)
    report = run_ingest([str(folder)], Settings(db=str(db)), "ingest test")
    assert report.exit_code == 1
    assert query(db, "SELECT path, stage, error FROM document_errors") == [
        (str(victim), "read", "cannot read: No such file or directory")]
    assert query(db, "SELECT status FROM runs") == [("partial",)]


# -- discovery and decoding, without a database -----------------------------------------------

def test_fifo_and_device_in_the_folder_are_problems_not_files(tmp_path):
    os.mkfifo(tmp_path / "pipe.html")
    os.symlink("/dev/zero", tmp_path / "zero.txt")  # a device would never end
    (tmp_path / "real.txt").write_text("text")
    found = {Path(item.path).name: item
             for item in discover([str(tmp_path)], follow_symlinks=True)}
    assert found["pipe.html"] == SourceProblem(str(tmp_path / "pipe.html"), "not a regular file")
    assert found["zero.txt"] == SourceProblem(str(tmp_path / "zero.txt"), "not a regular file")
    assert isinstance(found["real.txt"], SourceFile)


def test_name_that_is_not_utf8_is_a_problem_with_a_printable_path(tmp_path):
    (tmp_path / "caf\udce9.txt").write_text("text")  # b"caf\xe9.txt": Latin-1 on disk
    assert list(discover([str(tmp_path)])) == [
        SourceProblem(f"{tmp_path}/caf\\xe9.txt", "file name is not valid UTF-8; rename the file")]
    assert (f"{tmp_path}/caf\\xe9.txt").encode()  # storable as it is


@pytest.mark.parametrize(("data", "text", "encoding"), [
    ("Zelenskyy’s envoy — “we thank Berlin” — met ".encode() + "Général".encode("cp1252")
     + b" Syrskyi in Kyiv on Monday, officials in the capital said after the talks",
     "Zelenskyy’s envoy — “we thank Berlin” — met Général Syrskyi in Kyiv on Monday, "
     "officials in the capital said after the talks", "utf-8+cp1252"),
    # two bytes that happen to be valid UTF-8 ("Ăł" is C3 B3, "ó") do not outvote the rest
    ('<meta charset="iso-8859-2"><p>Ziemniaki na szóstej, surówka na dziesiątej, Ăł.'
     .encode("iso-8859-2"),
     '<meta charset="iso-8859-2"><p>Ziemniaki na szóstej, surówka na dziesiątej, Ăł.',
     "iso8859-2"),
    ("Général Syrskyi said".encode("latin-1"), "Général Syrskyi said", "cp1252"),
    ("“Quoted”, said the spokesman of the ministry, ".encode() + b"with stray \x81\x8d bytes",
     "“Quoted”, said the spokesman of the ministry, with stray \x81\x8d bytes", "utf-8+cp1252"),
    ("Війська прибули до Харкова".encode("cp1251"), "Війська прибули до Харкова", "cp1251"),
], ids=["utf8-with-cp1252", "latin2-with-accidental-utf8", "latin1-only",
        "undefined-cp1252-bytes", "cyrillic-single-byte"])
def test_mixed_and_single_byte_encodings(data, text, encoding):
    assert decode_bytes(data) == (text, encoding)


# -- content stage traps, without a database --------------------------------------------------

@pytest.mark.parametrize("wrap", [
    ("<div>" * 300, "</div>" * 300),
    ("<span><section>" * 50_000, "</section></span>" * 50_000),
    ("<font>" * 200_000, ""),  # never closed
], ids=["300-divs", "100k-mixed-wrappers", "200k-unclosed"])
def test_deep_nesting_keeps_the_article(wrap):
    content = extract_content(page(story(20), wrap=wrap), kind="html", encoding="utf-8")
    assert content is not None and "version 20 of the report" in content.text


def test_deep_table_nesting_keeps_the_article():
    wrap = ("<table><tr><td>" * 34_000, "</td></tr></table>" * 34_000)
    content = extract_content(page(story(21), wrap=wrap), kind="html", encoding="utf-8")
    assert content is not None and "version 21 of the report" in content.text
