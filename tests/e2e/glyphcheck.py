#!/usr/bin/env python3
"""glyphcheck: are the glyphs in a PDF's embedded TrueType fonts whole?

libharu 2.3.0 embeds "subset" TrueType fonts by keeping every glyph slot and
emptying the glyphs it thinks are unused. It follows composite glyphs only
one level deep, so a glyph built from composites of composites (DejaVu Sans
builds "ố" from o + uni03020301, itself Circumflex + Acute) loses its inner
parts: the page shows "o" without accents, while pdftotext still extracts
the right text. Text extraction cannot catch that; this script can.

For every PDF given, every embedded TrueType font program (/FontFile2) and
every glyph the pages actually show with it, the embedded glyph is resolved
recursively (composites of composites) and its number of contours and points
is compared with the same character's glyph in the original font file on
this system, found by PostScript name under /usr/share/fonts and
/usr/local/share/fonts (or --fonts DIR). A used font that is not embedded,
or a PDF with no embedded TrueType font at all, is a fault too.

Fonts are read as libharu writes them: a Type0 font, /Encoding /Identity-H,
a CIDFontType2 descendant with a /CIDToGIDMap stream, and 2-byte codes in
the content streams that are the Unicode code points themselves (CID = code
point). libharu keeps the original glyph ids, but the comparison does not
rely on it: the original glyph is looked up by code point in the original
font's cmap. Simple (1-byte) TrueType fonts are checked too, with the code
mapped to Unicode through the font's /Encoding.

The PDF is read through qpdf (its JSON output, streams decoded), so object
streams, compression and cross-reference streams need no code here.

Usage: glyphcheck.py [-v] [--fonts DIR] FILE.pdf [FILE.pdf ...]
Exit status: 0 every glyph whole, 1 a fault was found (one line each on
stdout), 2 usage error, unreadable PDF, or an original font not found.
"""

import base64
import codecs
import io
import json
import os
import re
import subprocess
import sys
import unicodedata

try:
    from fontTools import agl
    from fontTools.encodings.MacRoman import MacRoman
    from fontTools.encodings.StandardEncoding import StandardEncoding
    from fontTools.ttLib import TTCollection, TTFont
except ImportError:
    # Debian's python3-fonttools is installed for /usr/bin/python3; a
    # python3 found first on PATH (pyenv, a venv) may not see it. Run again
    # under the system interpreter, once.
    _system = "/usr/bin/python3"
    if (os.path.exists(_system) and not os.environ.get("GLYPHCHECK_REEXEC")
            and os.path.realpath(sys.executable) != os.path.realpath(_system)):
        os.environ["GLYPHCHECK_REEXEC"] = "1"
        os.execv(_system, [_system, os.path.abspath(__file__)] + sys.argv[1:])
    sys.stderr.write("glyphcheck: fontTools is missing "
                     "(apt-get install python3-fonttools)\n")
    sys.exit(2)

USAGE = "usage: glyphcheck.py [-v] [--fonts DIR] FILE.pdf [FILE.pdf ...]"
FONT_DIRS = ["/usr/share/fonts", "/usr/local/share/fonts"]
MAX_COMPONENT_DEPTH = 32     # deeper nesting than this is taken for a cycle
MAX_FORM_DEPTH = 16          # form XObjects drawing form XObjects


class Unreadable(Exception):
    """The PDF (or a font it needs) cannot be read or checked: exit 2."""


class BadGlyph(Exception):
    """A glyph cannot be resolved (bad component, cycle)."""


# --------------------------------------------------------------------------
# Reading the PDF through qpdf's JSON

REF = re.compile(r"^\d+ \d+ R$")


def pdf_name(s):
    """A PDF name ('/F#201' or b'/F#201') without '/' and #xx escapes."""
    if isinstance(s, bytes):
        s = s.decode("latin-1")
    return re.sub(r"#([0-9A-Fa-f]{2})",
                  lambda m: chr(int(m.group(1), 16)), s[1:])


class Pdf:
    """All objects of one PDF, with stream data decoded, as qpdf sees them."""

    def __init__(self, path):
        cmd = ["qpdf", "--json=2", "--json-key=qpdf", "--json-key=pages",
               "--json-stream-data=inline", "--decode-level=generalized",
               path]
        try:
            run = subprocess.run(cmd, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
        except OSError as e:
            raise Unreadable("cannot run qpdf (apt-get install qpdf): %s"
                             % e.strerror)
        msg = run.stderr.decode("utf-8", "replace").strip()
        # qpdf exits 3 when it read the file with warnings (it repaired
        # something): go on, but say so.
        if run.returncode not in (0, 3):
            raise Unreadable("qpdf cannot read it: %s"
                             % (msg.splitlines() or ["exit %d"
                                                     % run.returncode])[0])
        self.warnings = msg.splitlines() if run.returncode == 3 else []
        try:
            doc = json.loads(run.stdout)
            self.objs = doc["qpdf"][1]
            self.pages = [p["object"] for p in doc["pages"]]
        except (ValueError, KeyError, IndexError, TypeError):
            raise Unreadable("qpdf gave no usable JSON (qpdf 11 needed)")

    def get(self, x):
        """Follow indirect references; a stream gives its dictionary."""
        for _ in range(64):
            if not (isinstance(x, str) and REF.match(x)):
                return x
            o = self.objs.get("obj:" + x)
            if o is None:
                return None              # a missing object is null
            x = o["stream"]["dict"] if "stream" in o else o.get("value")
        raise Unreadable("a cycle of references")

    def getdict(self, x, what):
        d = self.get(x)
        if not isinstance(d, dict):
            raise Unreadable("%s is not a dictionary" % what)
        return d

    def stream(self, x, what):
        """The decoded bytes of the stream that x refers to."""
        o = self.objs.get("obj:" + x) if isinstance(x, str) else None
        if o is None or "stream" not in o:
            raise Unreadable("%s is not a stream" % what)
        if "/Filter" in o["stream"]["dict"]:
            raise Unreadable("%s (%s): qpdf cannot decode its filter %s"
                             % (what, x, o["stream"]["dict"]["/Filter"]))
        try:
            return base64.b64decode(o["stream"]["data"])
        except (KeyError, ValueError, TypeError):
            raise Unreadable("%s (%s): no stream data" % (what, x))

    def page_resources(self, page):
        """A page's /Resources, inherited from the page tree if need be."""
        node = self.get(page)
        for _ in range(64):
            if not isinstance(node, dict):
                break
            if "/Resources" in node:
                return self.get(node["/Resources"]) or {}
            node = self.get(node.get("/Parent"))
        return {}


# --------------------------------------------------------------------------
# Content streams: which strings are shown with which font

WS = b"\x00\t\n\x0c\r "
TOKEN = re.compile(rb"""
    (?P<skip> [\x00\t\n\x0c\r ]+ | %[^\r\n]* )
  | (?P<hex> <(?!<) [^>]* > )
  | (?P<open> \[ | << )
  | (?P<close> \] | >> )
  | (?P<lit> \( )
  | (?P<name> / [^\x00\t\n\x0c\r ()<>\[\]{}/%]* )
  | (?P<word> [^\x00\t\n\x0c\r ()<>\[\]{}/%]+ )
  | (?P<other> . )
""", re.X | re.S)
NUMBER = re.compile(rb"^[+-]?(\d+\.?\d*|\.\d+)$")
ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t",
           ord("b"): b"\b", ord("f"): b"\f"}
INLINE_IMAGE_END = re.compile(rb"[\x00\t\n\x0c\r ]EI(?=[\x00\t\n\x0c\r ]|$)")


class Name(str):
    """A name operand, as opposed to a string."""


def literal_string(data, i):
    """Read a (...) string whose '(' is just before i: (bytes, next i)."""
    out, depth, n = bytearray(), 1, len(data)
    while i < n:
        c = data[i]
        if c == 0x5C:                              # backslash
            i += 1
            if i >= n:
                break
            c = data[i]
            if c in ESCAPES:
                out += ESCAPES[c]
            elif 0x30 <= c <= 0x37:                # \ddd octal
                j = i
                while j < n and j < i + 3 and 0x30 <= data[j] <= 0x37:
                    j += 1
                out.append(int(data[i:j], 8) & 0xFF)
                i = j - 1
            elif c == 0x0D:                        # \ at end of line
                if i + 1 < n and data[i + 1] == 0x0A:
                    i += 1
            elif c != 0x0A:
                out.append(c)
        elif c == 0x28:
            depth += 1
            out.append(c)
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
            out.append(c)
        else:
            out.append(c)
        i += 1
    raise Unreadable("unterminated string in a content stream")


def content_operations(data):
    """Yield (operator, operands) of a content stream."""
    operands, nest, i, n = [], [], 0, len(data)
    while i < n:
        m = TOKEN.match(data, i)
        i = m.end()
        kind = m.lastgroup
        if kind == "skip":
            continue
        if kind == "hex":
            digits = re.sub(rb"[\x00\t\n\x0c\r ]", b"", m.group()[1:-1])
            if not re.fullmatch(rb"[0-9A-Fa-f]*", digits):
                raise Unreadable("bad hex string in a content stream")
            value = bytes.fromhex((digits + b"0" * (len(digits) % 2))
                                  .decode())
        elif kind == "lit":
            value, i = literal_string(data, i)
        elif kind == "name":
            value = Name(pdf_name(m.group()))
        elif kind == "open":
            nest.append(operands)
            operands = []
            continue
        elif kind == "close":
            if not nest:
                raise Unreadable("unbalanced ] or >> in a content stream")
            value, operands = operands, nest.pop()
        elif kind == "word" and NUMBER.match(m.group()):
            value = float(m.group())
        elif kind == "word" and m.group() in (b"true", b"false", b"null"):
            value = None
        elif kind == "word" and not nest:
            op = m.group()
            if op == b"ID":                 # inline image data: skip it
                e = INLINE_IMAGE_END.search(data, i + 1)
                if not e:
                    raise Unreadable("inline image without EI")
                i = e.end()
                op = b"EI"
            yield op, operands
            operands = []
            continue
        else:
            value = m.group()               # stray token: keep it as data
        operands.append(value)
    if nest:
        raise Unreadable("unbalanced [ or << in a content stream")


class UsedText:
    """Collects, per font, the strings the pages show with it."""

    def __init__(self, pdf):
        self.pdf = pdf
        self.fonts = {}      # key -> (resource name, font dictionary)
        self.strings = {}    # key -> set of shown byte strings
        self.problems = []   # faults found on the way (text with no font)

    def run_page(self, page):
        data = b"\n".join(
            self.pdf.stream(c, "page contents")
            for c in self.contents(page))
        self.run(data, self.pdf.page_resources(page), set())

    def contents(self, page):
        c = self.pdf.get(page).get("/Contents")
        if isinstance(c, str):
            o = self.pdf.objs.get("obj:" + c) if REF.match(c) else None
            if o is not None and "value" in o:   # a reference to an array
                c = o["value"]
        if c is None:
            return []
        return c if isinstance(c, list) else [c]

    def run(self, data, resources, forms):
        resources = self.pdf.get(resources) or {}
        font_res = self.pdf.get(resources.get("/Font")) or {}
        font, saved = None, []
        for op, args in content_operations(data):
            if op == b"q":
                saved.append(font)
            elif op == b"Q":
                font = saved.pop() if saved else font
            elif op == b"Tf":
                if not args or not isinstance(args[0], Name):
                    raise Unreadable("Tf without a font name")
                font = self.select(font_res, args[0])
            elif op in (b"Tj", b"'", b'"', b"TJ"):
                shown = args[-1] if args else None
                strings = shown if isinstance(shown, list) else [shown]
                for s in strings:
                    if isinstance(s, bytes) and s:
                        if font is None:
                            self.problems.append(
                                "text shown with no font selected")
                        else:
                            self.strings[font].add(s)
            elif op == b"Do" and args and isinstance(args[0], Name):
                self.run_form(resources, args[0], font, forms)

    def select(self, font_res, name):
        ref = font_res.get("/" + name) if isinstance(font_res, dict) else None
        if ref is None:
            # look the name up with #xx escapes undone on both sides
            ref = next((v for k, v in font_res.items()
                        if pdf_name(k) == name), None)
        if ref is None:
            self.problems.append("font /%s is used but not in the "
                                 "resources" % name)
            return None
        key = ref if isinstance(ref, str) else "direct /%s %d" % (
            name, len(self.fonts))
        if key not in self.fonts:
            self.fonts[key] = (name, self.pdf.getdict(ref, "font /" + name))
            self.strings[key] = set()
        return key

    def run_form(self, resources, name, font, forms):
        """Text drawn by a form XObject (its own resources, if any)."""
        xobjs = self.pdf.get(resources.get("/XObject")) or {}
        ref = xobjs.get("/" + name) if isinstance(xobjs, dict) else None
        if not isinstance(ref, str) or ref in forms:
            return
        d = self.pdf.get(ref)
        if not isinstance(d, dict) or d.get("/Subtype") != "/Form":
            return
        if len(forms) >= MAX_FORM_DEPTH:
            raise Unreadable("form XObjects nested too deep")
        data = self.pdf.stream(ref, "form XObject /" + name)
        sub = UsedText.__new__(UsedText)
        sub.__dict__ = self.__dict__          # share what is collected
        sub.run_inner(data, d.get("/Resources", resources), forms | {ref},
                      font)

    def run_inner(self, data, resources, forms, font):
        # A form inherits the current font: prime the state with it.
        resources = self.pdf.get(resources) or {}
        if font is not None:
            self.strings.setdefault(font, set())
        self.run_with_font(data, resources, forms, font)

    def run_with_font(self, data, resources, forms, font):
        font_res = self.pdf.get(resources.get("/Font")) or {}
        saved = []
        for op, args in content_operations(data):
            if op == b"q":
                saved.append(font)
            elif op == b"Q":
                font = saved.pop() if saved else font
            elif op == b"Tf":
                if not args or not isinstance(args[0], Name):
                    raise Unreadable("Tf without a font name")
                font = self.select(font_res, args[0])
            elif op in (b"Tj", b"'", b'"', b"TJ"):
                shown = args[-1] if args else None
                for s in (shown if isinstance(shown, list) else [shown]):
                    if isinstance(s, bytes) and s:
                        if font is None:
                            self.problems.append(
                                "text shown with no font selected")
                        else:
                            self.strings[font].add(s)
            elif op == b"Do" and args and isinstance(args[0], Name):
                self.run_form(resources, args[0], font, forms)
