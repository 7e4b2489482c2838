"""The house's marking scheme, once in briefgen.toml's [markings] (briefgen/housemarks.py): a new user's
review asked for it. An organisation with its own scheme (PUBLIC < LIMITED < CONFIDENTIAL < RESTRICTED)
had to write it into every fact base's meta and copy briefgen's five profiles to name their levels in it.
Read as a user reads it: `briefgen new`'s briefgen.toml, uncommented; the PDF's metadata (pikepdf), its
text, the Word draft's text and core properties, every part of the draft; the CLI's output and exit code."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pikepdf
import pytest
from conftest import cli, pdf_text, run_cli

HOUSE = ["PUBLIC", "LIMITED", "CONFIDENTIAL", "RESTRICTED"]
LEVELS = {"analyst": "CONFIDENTIAL", "business": "LIMITED", "policymaker": "RESTRICTED", "press": "PUBLIC",
          "security": "LIMITED"}


def new_project(folder: Path) -> Path:
    """`briefgen new`, its [markings] uncommented as the user would, the example's two TLP:AMBER
    statements marked CONFIDENTIAL: no file but briefgen.toml names the scheme or a profile's level."""
    root = folder / "nordic"
    made = run_cli("new", str(root), "--organisation", "Nordic Council for Foreign Policy", cwd=folder)
    assert made.returncode == 0, made.stderr
    config = root / "briefgen.toml"
    text = config.read_text(encoding="utf-8")
    assert "[markings]" in text and "# scheme = " in text  # written, commented: TLP until the house says
    text = re.sub(r"^# (?=(?:scheme|reach|analyst|business|policymaker|press|security) = |\[markings\.)", "",
                  text, flags=re.M)
    config.write_text(text, encoding="utf-8")
    seed = root / "seeds" / "example.yaml"
    seed.write_text(seed.read_text(encoding="utf-8").replace('marking: "TLP:AMBER"', 'marking: "CONFIDENTIAL"'),
                    encoding="utf-8")
    assert not (root / "audiences").exists()
    return root


@pytest.fixture(scope="module")
def house(tmp_path_factory) -> Path:
    root = new_project(tmp_path_factory.mktemp("house"))
    built = cli(root, "build", "--jobs", "2")
    assert built.returncode == 0, built.stderr
    return root


def test_briefgen_new_writes_the_markings_table_with_a_comment(tmp_path):
    made = run_cli("new", str(tmp_path / "p"), cwd=tmp_path)
    text = (tmp_path / "p" / "briefgen.toml").read_text(encoding="utf-8")
    # before [house]: a key added at the file's end is the house's, as before
    table = text[text.index("[markings]"):text.index("[house]")]
    assert "lowest first" in table and "TLP 2.0" in table, table
    assert re.findall(r"^# (\w+) = ", table, re.M) == ["scheme", "reach", *LEVELS, "business", "policymaker",
                                                       "security"], table
    assert made.returncode == 0 and cli(tmp_path / "p", "validate").returncode == 0  # commented: as before


def test_every_brief_is_marked_in_the_house_s_scheme_in_every_channel(house):
    """Each brief's marking is the house's, never a TLP level: page text, the PDF's document information
    and XMP, the Word draft's text, core properties and every other part (comments included)."""
    for audience, level in LEVELS.items():
        pdf = house / "briefs" / f"example-{audience}.pdf"
        text = pdf_text(pdf)
        assert level in text and "TLP" not in text, audience
        with pikepdf.open(pdf) as document:
            info = {str(k): str(v) for k, v in document.docinfo.items()}
            with document.open_metadata() as xmp:
                metadata = {str(k): str(v) for k, v in xmp.items()}
        assert info["/Keywords"].startswith(f"{level}, "), (audience, info)
        assert any(v.startswith(f"{level}, ") for v in metadata.values()), (audience, metadata)
        assert "TLP" not in repr(info) + repr(metadata), audience
        with zipfile.ZipFile(house / "briefs" / f"example-{audience}.docx") as draft:
            parts = {name: draft.read(name).decode("utf-8", "replace") for name in draft.namelist()}
        assert f"<cp:category>{level}</cp:category>" in parts["docProps/core.xml"], audience
        assert f"<cp:keywords>{level}, " in parts["docProps/core.xml"], audience
        assert level in parts["word/document.xml"] or any(level in t for n, t in parts.items() if "header" in n)
        # the default reference's styles name TLP's colours (Marking TLP Amber), and none is used
        assert [name for name, t in parts.items() if "TLP" in t and name != "word/styles.xml"] == [], audience


def test_the_release_check_uses_the_house_s_scheme(house):
    checked = cli(house, "release-check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    for audience, level in LEVELS.items():
        assert f"example-{audience}: " in checked.stdout and f"(release {level})" in checked.stdout, checked.stdout
    # a CONFIDENTIAL fact printed in the press brief is still found, named in the house's scheme
    said = "Korean officials signalled interest in talks on binding digital trade rules."
    assert re.search(re.escape(said) + r'"\n(?:.*\n){0,4}?\s+marking: "CONFIDENTIAL"',
                     (house / "seeds" / "example.yaml").read_text(encoding="utf-8"))
    template = house / "templates" / "brief.html.j2"
    template.parent.mkdir(exist_ok=True)
    from briefgen.defaults import folder
    body = (folder("templates") / "brief.html.j2").read_text(encoding="utf-8")
    template.write_text(body.replace("</body>", f"<p>{said}</p>\n</body>"), encoding="utf-8")
    try:
        leaked = cli(house, "release-check")
        assert leaked.returncode == 1, leaked.stdout + leaked.stderr
        assert "is CONFIDENTIAL, above the 'press' audience's release level PUBLIC" in leaked.stderr, leaked.stderr
    finally:
        template.unlink()


def test_a_project_s_own_profile_and_a_fact_base_s_own_scheme_still_win(tmp_path):
    """Profiles inherit the house's levels and may still name their own: the project's audiences/press.yaml
    releases up to LIMITED. A fact base naming its own scheme in meta keeps it (the house's levels are then
    checked against it)."""
    root = new_project(tmp_path)
    from briefgen.defaults import folder
    (root / "audiences").mkdir()
    press = (folder("audiences") / "press.yaml").read_text(encoding="utf-8")
    assert "release: TLP:CLEAR\n" in press
    (root / "audiences" / "press.yaml").write_text(press.replace("release: TLP:CLEAR\n", "release: LIMITED\n")
                                                   .replace("reach: public\n", "reach: community\n"),
                                                   encoding="utf-8")
    checked = cli(root, "release-check")
    assert checked.returncode == 0, checked.stderr
    assert "example-press: PUBLIC (release LIMITED)" in checked.stdout, checked.stdout
    assert "example-analyst: CONFIDENTIAL (release CONFIDENTIAL)" in checked.stdout, checked.stdout
    seed = root / "seeds" / "example.yaml"
    seed.write_text(seed.read_text(encoding="utf-8").replace('marking: "CONFIDENTIAL"', 'marking: "TLP:AMBER"')
                    .replace("meta:\n", "meta:\n  marking_scheme: [TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:RED]\n", 1),
                    encoding="utf-8")
    refused = cli(root, "validate")
    assert refused.returncode == 2
    lines = refused.stderr.splitlines()
    assert any(re.match(r"briefgen\.toml:\d+:1: markings\.release\.analyst: CONFIDENTIAL is not a level of "
                        r"example\.yaml's own marking_scheme \(TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:RED\): give", line)
               for line in lines), refused.stderr
    assert any(line.startswith("audiences/press.yaml:") and "unknown marking 'LIMITED'" in line for line in lines)


def test_a_level_the_house_s_scheme_lacks_is_an_error_at_its_line(tmp_path):
    root = new_project(tmp_path)
    config = root / "briefgen.toml"
    good = config.read_text(encoding="utf-8")
    line = good.splitlines().index('press = "PUBLIC"') + 1
    config.write_text(good.replace('press = "PUBLIC"', 'press = "OPEN"'), encoding="utf-8")
    refused = cli(root, "validate")
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr.splitlines()[0] == (
        f"briefgen.toml:{line}:1: markings.release.press: unknown marking 'OPEN'; expected one of: "
        + ", ".join(HOUSE)), refused.stderr
    # a scheme without the level of one of briefgen's profiles: at the scheme's line, saying what to write
    scheme = good.splitlines().index(next(x for x in good.splitlines() if x.startswith("scheme = "))) + 1
    config.write_text(good.replace('press = "PUBLIC"\n', ""), encoding="utf-8")
    refused = cli(root, "build")
    assert refused.returncode == 2
    assert refused.stderr.splitlines()[0].startswith(
        f"briefgen.toml:{scheme}:1: markings.release.press: briefgen's default 'press' profile releases up to "
        "TLP:CLEAR, not a level of example.yaml's marking_scheme (PUBLIC, LIMITED, CONFIDENTIAL, RESTRICTED): "
        "name release = { press = \"...\" } in briefgen.toml, under [markings]"), refused.stderr
    config.write_text(good.replace('scheme = ["PUBLIC", "LIMITED",', 'scheme = ["PUBLIC", "PUBLIC", "LIMITED",'),
                      encoding="utf-8")
    refused = cli(root, "validate")
    assert refused.returncode == 2 and f"briefgen.toml:{scheme}:" in refused.stderr, refused.stderr
    assert "PUBLIC listed twice" in refused.stderr


# an unmarked milestone of the example: the press and the analyst brief print it under TLP:CLEAR
UNMARKED = "Digital Partnership signed"


def test_a_fact_base_s_own_default_marking_wins_over_the_house_s(tmp_path):
    """The house's default stands for a fact base's meta.default_marking where the meta names none, never
    over one it names: the fact base marking its unmarked statements CONFIDENTIAL keeps them out of the
    PUBLIC press brief (the house's PUBLIC default replaced it, and the press brief printed them all)."""
    root = new_project(tmp_path)
    config = root / "briefgen.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("reach = {", 'default = "PUBLIC"\nreach = {', 1)
                      .replace("[markings.marked_at_least]\n", '[markings.marked_at_least]\nanalyst = "PUBLIC"\n'
                               'press = "PUBLIC"\n', 1), encoding="utf-8")
    seed = root / "seeds" / "example.yaml"
    seed.write_text(seed.read_text(encoding="utf-8").replace("meta:\n", "meta:\n  default_marking: CONFIDENTIAL\n", 1),
                    encoding="utf-8")
    built = cli(root, "build", "-a", "press", "-a", "analyst", "-f", "pdf")
    assert built.returncode == 0, built.stderr
    press, analyst = (pdf_text(root / "briefs" / f"example-{a}.pdf") for a in ("press", "analyst"))
    assert "PUBLIC" in press and UNMARKED not in press and "In brief" not in press, press
    assert "CONFIDENTIAL" in analyst and UNMARKED in analyst  # where it may go, it is printed
    checked = cli(root, "validate")  # a brief's sections that print nothing now: said, at the fact base
    assert checked.returncode == 1 and "press's 'In brief' prints nothing: tk-trade is marked above the press " \
        "brief's release level (PUBLIC)" in checked.stderr, checked.stderr


def test_a_default_and_reach_without_a_scheme_are_tlp_s(tmp_path):
    """[markings] default and reach without a scheme stand for every fact base's, in TLP 2.0 (they were
    checked, then ignored: the press brief printed every unmarked statement under TLP:CLEAR)."""
    made = run_cli("new", str(tmp_path / "p"), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    root = tmp_path / "p"
    config = root / "briefgen.toml"
    good = config.read_text(encoding="utf-8")
    config.write_text(good.replace("[markings]\n", '[markings]\ndefault = "TLP:AMBER"\n', 1), encoding="utf-8")
    built = cli(root, "build", "-a", "press", "-a", "analyst", "-f", "pdf")
    assert built.returncode == 0, built.stderr
    press, analyst = (pdf_text(root / "briefs" / f"example-{a}.pdf") for a in ("press", "analyst"))
    assert UNMARKED not in press and "In brief" not in press, press
    assert UNMARKED in analyst and "TLP:AMBER" in analyst
    # TLP:GREEN only for the organisation: the business brief (community, up to TLP:GREEN) is refused
    config.write_text(good.replace("[markings]\n", '[markings]\nreach = { "TLP:GREEN" = "organisation" }\n', 1),
                      encoding="utf-8")
    refused = cli(root, "validate")
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "'business' profile releases up to TLP:GREEN to a 'community' audience" in refused.stderr, refused.stderr


def test_a_reach_under_tlp_changes_only_the_levels_it_names(tmp_path):
    """A [markings] reach naming one TLP level replaced TLP's whole table: the levels it left out
    travelled to no one, so reach = {"TLP:CLEAR" = "public"} refused the analyst, business, policymaker
    and security profiles ("names no reach for TLP:AMBER"). The levels it names change; the rest keep TLP's."""
    made = run_cli("new", str(tmp_path / "p"), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    root = tmp_path / "p"
    config = root / "briefgen.toml"
    good = config.read_text(encoding="utf-8")
    config.write_text(good.replace("[markings]\n", '[markings]\nreach = { "TLP:CLEAR" = "public" }\n', 1),
                      encoding="utf-8")
    checked = cli(root, "validate")
    assert checked.returncode in (0, 1) and "markings.reach" not in checked.stderr, checked.stderr
    # narrowing GREEN to clients refuses the two community profiles that release it, and only them
    config.write_text(good.replace("[markings]\n", '[markings]\nreach = { "TLP:GREEN" = "clients" }\n', 1),
                      encoding="utf-8")
    refused = cli(root, "validate")
    assert refused.returncode == 2, refused.stderr
    assert [re.search(r"default '(\w+)' profile", line)[1] for line in refused.stderr.splitlines()] == \
        ["business", "security"], refused.stderr


def test_a_house_reach_a_profile_s_release_exceeds_is_told_at_its_line_of_briefgen_toml(tmp_path):
    """A [markings] reach that keeps TLP:GREEN from a community was reported at the installed profiles
    (.../briefgen/audiences/business.yaml:34:10: release: ...), files the user does not edit, with 'correct
    reach' naming the profile's: it is at the reach's line of briefgen.toml, the file that narrowed it,
    saying what to write. The house's own release level for an audience is told at that level's line."""
    made = run_cli("new", str(tmp_path / "p"), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    root = tmp_path / "p"
    config = root / "briefgen.toml"
    good = config.read_text(encoding="utf-8")
    reach = ('reach = { "TLP:CLEAR" = "public", "TLP:GREEN" = "organisation", "TLP:AMBER" = "organisation", '
             '"TLP:AMBER+STRICT" = "organisation", "TLP:RED" = "named" }')
    config.write_text(good.replace("[markings]\n", f"[markings]\n{reach}\n", 1), encoding="utf-8")
    line = config.read_text(encoding="utf-8").splitlines().index(reach) + 1
    for command in ("validate", "build"):
        refused = cli(root, command)
        assert (refused.returncode, refused.stdout) == (2, ""), refused.stdout + refused.stderr
        assert refused.stderr.splitlines() == [
            f"briefgen.toml:{line}:1: markings.reach: briefgen's default '{a}' profile releases up to TLP:GREEN to a "
            "'community' audience, but [markings] reach lets TLP:GREEN travel to 'organisation' audiences only: "
            "give TLP:GREEN a reach of 'community' or wider, or give the profile a lower level with "
            'release = { ' + a + ' = "..." } under [markings]' for a in ("business", "security")], refused.stderr
    assert not (root / "briefs").exists()
    # the house's scheme, whose LIMITED the house gives the business brief: at that level's line
    (tmp_path / "house").mkdir()
    root = new_project(tmp_path / "house")
    config = root / "briefgen.toml"
    text = config.read_text(encoding="utf-8").replace('LIMITED = "community"', 'LIMITED = "organisation"', 1)
    config.write_text(text, encoding="utf-8")
    refused = cli(root, "validate")
    at = text.splitlines().index('business = "LIMITED"') + 1
    assert refused.returncode == 2 and refused.stderr.splitlines()[0] == (
        f"briefgen.toml:{at}:1: markings.release.business: release LIMITED is above what a 'community' audience "
        "may receive (at most PUBLIC); lower release or correct reach"), refused.stderr


def test_an_audience_the_project_lacks_is_an_error_at_its_key(tmp_path):
    """A level for an audience the project has no profile of would be dropped without a word: an error at
    its key, with a did-you-mean and the project's audiences (briefgen's five and its own)."""
    root = new_project(tmp_path)
    from briefgen.defaults import folder
    (root / "audiences").mkdir()
    minister = (folder("audiences") / "policymaker.yaml").read_text(encoding="utf-8")
    (root / "audiences" / "minister.yaml").write_text(minister.replace("name: policymaker", "name: minister")
                                                      .replace("release: TLP:RED", "release: RESTRICTED")
                                                      .replace("marked_at_least: TLP:RED", "marked_at_least: "
                                                               "RESTRICTED"), encoding="utf-8")
    assert "markings" not in cli(root, "validate").stderr
    config = root / "briefgen.toml"
    good = config.read_text(encoding="utf-8")
    line = good.splitlines().index('press = "PUBLIC"') + 1
    config.write_text(good.replace('press = "PUBLIC"', 'pres = "PUBLIC"'), encoding="utf-8")
    refused = cli(root, "validate")
    assert (refused.returncode, refused.stdout) == (2, ""), refused.stdout
    # (and press, left without its level, is told at the scheme's line)
    assert [x for x in refused.stderr.splitlines() if ".pres:" in x] == [
        f"briefgen.toml:{line}:1: markings.release.pres: unknown audience 'pres' (did you mean 'press'?); "
        "expected one of: analyst, business, minister, policymaker, press, security"], refused.stderr
    assert cli(root, "build").returncode == 2
    # a level for the project's own profile, which names another: not used, and said (a warning)
    config.write_text(good.replace('[markings.marked_at_least]\n', '[markings.marked_at_least]\n'
                                   'minister = "CONFIDENTIAL"\n'), encoding="utf-8")
    warned = cli(root, "validate")
    at = next(i for i, x in enumerate(config.read_text(encoding="utf-8").splitlines(), 1)
              if x.startswith("minister = "))
    assert warned.returncode == 1 and [x for x in warned.stderr.splitlines() if "markings" in x] == [
        f"briefgen.toml:{at}:1: markings.marked_at_least.minister: warning: CONFIDENTIAL is not used: the "
        "project's own audiences/minister.yaml names marked_at_least RESTRICTED, and a profile of the "
        "project's keeps its own levels; set it in that file"], warned.stderr
    config.write_text(good.replace('[markings.marked_at_least]\n', '[markings.marked_at_least]\n'
                                   'minister = "RESTRICTED"\n'), encoding="utf-8")
    assert "markings" not in cli(root, "validate").stderr  # the level it names: nothing to say
