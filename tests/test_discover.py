"""Discovery: which files are articles, symlinks followed without loops, problems reported."""

import os

from pipeline.discover import SourceFile, SourceProblem, discover, is_article_name


def _write(path, text="x"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_article_names():
    for name in ["a.html", "B.HTM", "c.txt", "d.html.gz", "e.TXT.GZ", "f.xhtml"]:
        assert is_article_name(name), name
    for name in ["a.json", "b.gz", "c.pdf", "html", "notes.md"]:
        assert not is_article_name(name), name


def test_walks_recursively_in_sorted_order(tmp_path):
    _write(tmp_path / "b" / "two.txt")
    _write(tmp_path / "a" / "one.html")
    _write(tmp_path / "a" / "skip.json")
    _write(tmp_path / "odd name (1) é.txt")
    found = [item.path for item in discover([str(tmp_path)])]
    assert found == [str(tmp_path / "a" / "one.html"), str(tmp_path / "b" / "two.txt"),
                     str(tmp_path / "odd name (1) é.txt")]


def test_symlink_loop_ends_and_dangling_link_is_reported(tmp_path):
    _write(tmp_path / "docs" / "story.txt")
    os.symlink(tmp_path, tmp_path / "docs" / "loop")
    os.symlink(tmp_path / "missing.html", tmp_path / "docs" / "gone.html")
    items = list(discover([str(tmp_path)]))
    files = [i for i in items if isinstance(i, SourceFile)]
    problems = [i for i in items if isinstance(i, SourceProblem)]
    assert [f.path for f in files] == [str(tmp_path / "docs" / "story.txt")]
    assert [(p.path, p.reason) for p in problems] == [
        (str(tmp_path / "docs" / "gone.html"), "dangling symlink")]


def test_directory_named_like_an_article_is_walked_not_read(tmp_path):
    _write(tmp_path / "report.html" / "inner.txt")
    found = list(discover([str(tmp_path)]))
    assert [f.path for f in found] == [str(tmp_path / "report.html" / "inner.txt")]


def test_same_file_named_twice_is_listed_once(tmp_path):
    story = _write(tmp_path / "story.txt")
    assert len(list(discover([str(story), str(tmp_path), str(story)]))) == 1


def test_missing_argument_is_a_problem(tmp_path):
    [item] = discover([str(tmp_path / "nope.txt")])
    assert isinstance(item, SourceProblem) and item.reason == "no such file"


def test_unreadable_folder_is_a_problem(tmp_path):
    locked = tmp_path / "locked"
    _write(locked / "a.txt")
    locked.chmod(0)
    try:
        items = list(discover([str(tmp_path)]))
    finally:
        locked.chmod(0o755)
    if os.geteuid() == 0:  # root reads anything: the folder is walked
        assert [type(i) for i in items] == [SourceFile]
    else:
        assert [type(i) for i in items] == [SourceProblem]
