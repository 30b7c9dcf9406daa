"""Discovery: which files are articles, symlinks followed without loops, problems reported."""

import os

import pytest

from pipeline.sources.files import SourceFile, SourceProblem, discover, is_article_name


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


@pytest.fixture
def linked(tmp_path):
    """A folder `in` with symlinks to a file and a folder outside it, and to a file inside."""
    inside, outside = tmp_path / "in", tmp_path / "out"
    _write(inside / "story.txt")
    _write(outside / "secret.txt")
    _write(outside / "more" / "deep.txt")
    os.symlink(outside / "secret.txt", inside / "link.txt")
    os.symlink(outside / "more", inside / "folder")
    os.symlink(inside / "story.txt", inside / "alias.txt")
    return inside, outside


def test_symlinks_leading_outside_the_folders_given_are_problems_not_followed(linked):
    inside, outside = linked
    items = list(discover([str(inside)]))
    assert [i.path for i in items if isinstance(i, SourceFile)] == [
        str(inside / "alias.txt"), str(inside / "story.txt")]
    assert [(p.path, p.reason) for p in items if isinstance(p, SourceProblem)] == [
        (str(inside / name), f"symlink leads outside the folders given, to {target}; "
                             "--follow-symlinks follows it")
        for name, target in [("folder", outside / "more"), ("link.txt", outside / "secret.txt")]]


def test_follow_symlinks_follows_them_and_a_second_folder_given_counts_as_inside(linked):
    inside, outside = linked
    every = [str(inside / "alias.txt"), str(inside / "folder" / "deep.txt"),
             str(inside / "link.txt"), str(inside / "story.txt")]
    assert [i.path for i in discover([str(inside)], follow_symlinks=True)] == every
    both = [i.path for i in discover([str(inside), str(outside / "more")])
            if isinstance(i, SourceFile)]
    assert both == [every[0], every[1], every[3]]  # the folder once, under the first name
