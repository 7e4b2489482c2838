"""WordprocessingML elements that python-docx has no API for, and the schema's
child order they must be inserted in.

Element order matters in OOXML (Word rejects a file whose children are out of
schema order, LibreOffice is lenient), so every insertion in the Word writer
goes through ``insert_ordered`` with the schema's sequence.
"""
from __future__ import annotations

from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import OxmlElement
from lxml import etree

W_NSMAP = {"w": nsmap["w"]}

# CT_Settings children, in schema order (ECMA-376 Part 1, 17.15.1.78); only the
# ones briefgen writes need be findable, but the successors must all be listed.
SETTINGS_ORDER = (
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
    "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges",
    "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors",
    "hideGrammaticalErrors", "activeWritingStyle", "proofState", "formsDesign", "attachedTemplate",
    "linkStyles", "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge",
    "revisionView", "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting",
    "documentProtection", "autoFormatOverride", "styleLockTheme", "styleLockQFSet",
    "defaultTabStop", "autoHyphenation", "consecutiveHyphenLimit", "hyphenationZone",
    "doNotHyphenateCaps", "showEnvelope", "summaryLength", "clickAndTypeStyle",
    "defaultTableStyle", "evenAndOddHeaders", "bookFoldRevPrinting", "bookFoldPrinting",
    "bookFoldPrintingSheets", "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning",
    "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars", "noLineBreaksAfter",
    "noLineBreaksBefore", "savePreviewPicture", "doNotValidateAgainstSchema", "saveInvalidXml",
    "ignoreMixedContent", "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml",
    "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags",
    "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr",
    "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
    "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
    "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
    "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
)

# CT_PPr children, in schema order (17.3.1.26)
PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange",
)

# CT_SectPr children that come after w:endnotePr (17.6.17)
SECTPR_AFTER_ENDNOTEPR = tuple(f"w:{t}" for t in (
    "type", "pgSz", "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols",
    "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid",
    "printerSettings", "sectPrChange"))


def w(tag: str, **attrs: str) -> etree._Element:
    """A w: element with w: attributes (python-docx's element class for the tag)."""
    return OxmlElement(f"w:{tag}", {qn(f"w:{key}"): value for key, value in attrs.items()}, W_NSMAP)


def insert_ordered(parent, child, order: tuple[str, ...]) -> None:
    """Insert ``child`` before the first sibling that the schema puts after it."""
    local = etree.QName(child).localname
    later = {qn(f"w:{t}") for t in order[order.index(local) + 1:]}
    for sibling in parent:
        if sibling.tag in later:
            sibling.addprevious(child)
            return
    parent.append(child)


def default_run_properties(styles) -> etree._Element:
    """``w:docDefaults/w:rPrDefault/w:rPr`` of a styles part, made where missing:
    all three are optional in OOXML (17.7.5), and an organisation's reference
    document may lack them. docDefaults is the first child of w:styles, and
    rPrDefault comes before pPrDefault."""
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = w("docDefaults")
        styles.insert(0, defaults)
    run_default = defaults.find(qn("w:rPrDefault"))
    if run_default is None:
        run_default = w("rPrDefault")
        defaults.insert(0, run_default)
    rpr = run_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = w("rPr")
        run_default.append(rpr)
    return rpr


def set_setting(settings, child) -> None:
    """Replace (or add) one child of w:settings."""
    for old in settings.findall(child.tag):
        settings.remove(old)
    insert_ordered(settings, child, SETTINGS_ORDER)


def text_run(text: str, style_id: str | None = None, preserve: bool = True):
    """A w:r holding ``text``, in the character style ``style_id`` if given."""
    r = w("r")
    if style_id:
        etree.SubElement(etree.SubElement(r, qn("w:rPr")), qn("w:rStyle")).set(qn("w:val"), style_id)
    t = etree.SubElement(r, qn("w:t"))
    t.text = text
    if preserve:
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r
