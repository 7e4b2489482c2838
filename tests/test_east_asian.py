"""The Word draft's East Asian defaults follow the fact base's language, else the scripts its text holds
(render/word/eastasia.py). A new user's review: briefgen's default reference named Japanese for every
topic (its East Asian font "Noto Sans CJK JP", its theme font language ja-JP), so a brief in Korean or
Chinese, or quoting Korean, was set in Japanese forms. Read back as Word reads it: the draft's document
defaults and settings, and the family is one fonts-noto-cjk installs (fc-list)."""
from __future__ import annotations

import re
import subprocess

import docx
import pytest
from conftest import MINI, cli, make_project
from docx.oxml.ns import qn

HEADLINE = "    headline: Trade between the partners has grown for two decades.\n"


def east_asian_defaults(path) -> tuple[str, str, str]:
    """(the document defaults' East Asian font, their East Asian language, the theme font language's)."""
    document = docx.Document(str(path))
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    theme = document.settings.element.find(qn("w:themeFontLang"))
    return (defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")), defaults.find(qn("w:lang")).get(qn("w:eastAsia")),
            theme.get(qn("w:eastAsia")))


@pytest.mark.parametrize("language, text, tag, family", [
    ("ko", "", "ko-KR", "Noto Sans CJK KR"),
    ("ko-KR", "", "ko-KR", "Noto Sans CJK KR"),
    ("zh-Hans", "", "zh-CN", "Noto Sans CJK SC"),
    ("zh-CN", "", "zh-CN", "Noto Sans CJK SC"),
    ("zh-Hant", "", "zh-TW", "Noto Sans CJK TC"),
    ("zh-TW", "", "zh-TW", "Noto Sans CJK TC"),
    ("zh-HK", "", "zh-HK", "Noto Sans CJK HK"),
    ("ja", "", "ja-JP", "Noto Sans CJK JP"),
    ("en-GB", " The Republic of Korea (대한민국) trades.", "ko-KR", "Noto Sans CJK KR"),  # Hangul
    ("en-GB", " Japan (にっぽん) trades.", "ja-JP", "Noto Sans CJK JP"),  # kana
    ("en-GB", "", "ja-JP", "Noto Sans CJK JP"),  # none: the default, as before
])
def test_the_draft_names_the_east_asian_font_and_language_of_its_fact_base(tmp_path, language, text, tag, family):
    seed = MINI.read_text(encoding="utf-8").replace("  language: en-GB\n", f"  language: {language}\n")
    assert HEADLINE in seed
    seed = seed.replace(HEADLINE, HEADLINE.replace("decades.", "decades." + text), 1)
    root = make_project(tmp_path, MINI, seed)
    built = cli(root, "build", "-a", "analyst", "-f", "docx")
    assert built.returncode == 0, built.stderr
    font, lang, theme = east_asian_defaults(root / "briefs" / "mini-analyst.docx")
    expected_lang = None if (language, text) == ("en-GB", "") else tag  # no East Asian text: untagged, as before
    assert (font, lang, theme) == (family, expected_lang, tag)
    installed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=True).stdout
    assert family in {name for line in installed.splitlines() for name in line.split(",")}, family


@pytest.mark.parametrize("language, embedded", [("zh-Hant", "TC"), ("zh-Hans", "SC"), ("ko", "KR"),
                                                ("en-GB", "JP")])
def test_the_pdf_draws_han_in_the_forms_of_the_fact_base_s_language(tmp_path, language, embedded):
    """The PDF's font stack named Noto Sans CJK JP for every topic: a Chinese brief's Han characters were
    drawn in Japanese forms (骨, 直, 角 differ). Its East Asian family is now the fact base's language's,
    as the draft's is; the fonts a reader's pdffonts lists say which."""
    seed = MINI.read_text(encoding="utf-8").replace("  language: en-GB\n", f"  language: {language}\n")
    seed = seed.replace(HEADLINE, HEADLINE.replace("decades.", "decades (骨直角)."), 1)
    root = make_project(tmp_path, MINI, seed)
    built = cli(root, "build", "-a", "analyst", "-f", "pdf")
    assert built.returncode == 0, built.stderr
    fonts = subprocess.run(["pdffonts", str(root / "briefs" / "mini-analyst.pdf")], capture_output=True, text=True,
                           check=True).stdout
    cjk = sorted({region.upper() for region in re.findall(r"Noto-?Sans-?CJK-?(\w\w)", fonts, re.I)})
    assert cjk == [embedded], fonts
