#!/usr/bin/env python3
"""glyphcheck: are the glyphs of a PDF's embedded TrueType fonts whole?

libharu 2.3.0 embeds "subset" TrueType fonts by keeping every glyph slot and
emptying the glyphs it takes for unused. It follows composite glyphs only
one level deep, so a glyph built from composites of composites loses its
inner parts: DejaVu Sans builds "ố" from "o" + "uni03020301", itself
"Circumflex" + "Acute", and the page shows a bare "o", while pdftotext still
extracts the right text. Text extraction cannot catch that; this can.

For every PDF given, every embedded TrueType font program (/FontFile2) and
every glyph the pages actually show with it, the embedded glyph is resolved
recursively (composites of composites) and its number of contours and points
must equal those of the same character's glyph in the original font file on
this system (found by PostScript name under /usr/share/fonts and
/usr/local/share/fonts, or a --fonts DIR). A used font that is not embedded,
and a PDF with no embedded TrueType font at all, are faults too.

Fonts are read as libharu writes them in UTF-8 mode: a Type0 font with
/Encoding /Identity-H, a CIDFontType2 descendant with a /CIDToGIDMap stream,
and 2-byte codes in the content streams that are the Unicode code points
themselves (CID = code point). libharu keeps the original glyph ids, but the
check does not rely on it: the original glyph is looked up by code point in
the original font's cmap. Simple (1-byte) TrueType fonts are checked too,
their codes mapped to Unicode through the font's /Encoding.

The PDF is read through qpdf's JSON output (streams decoded), so compression,
object streams and cross-reference streams need no code here. Text is found
in page content streams and the form XObjects they draw (not in annotation
appearance streams, which libharu does not write).

Usage: glyphcheck.py [-v] [--fonts DIR] FILE.pdf [FILE.pdf ...]
Exit status: 0 every glyph whole (one summary line per PDF); 1 a fault (one
line per fault on stdout); 2 usage error, a PDF that cannot be read or that
qpdf has to repair, or an original font that cannot be found (message on
stderr). -v tells on stderr, per font, which original was used and whether
glyph ids and the embedded cmap agree with what libharu is taken to do.
"""

import base64
import io
import json
import logging
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
    # Debian's python3-fonttools belongs to /usr/bin/python3; a python3 found
    # first on PATH (pyenv, a venv) may not see it. Run again under the
    # system interpreter, once.
    _SYSTEM = "/usr/bin/python3"
    if (os.path.exists(_SYSTEM) and not os.environ.get("GLYPHCHECK_REEXEC")
            and os.path.realpath(sys.executable) != os.path.realpath(_SYSTEM)):
        os.environ["GLYPHCHECK_REEXEC"] = "1"
        os.execv(_SYSTEM, [_SYSTEM, os.path.abspath(__file__)] + sys.argv[1:])
    sys.stderr.write("glyphcheck: fontTools is missing "
                     "(apt-get install python3-fonttools)\n")
    sys.exit(2)

# fontTools logs what it repairs in a font; the faults say what matters.
logging.getLogger("fontTools").setLevel(logging.CRITICAL)

USAGE = "usage: glyphcheck.py [-v] [--fonts DIR] FILE.pdf [FILE.pdf ...]"
FONT_DIRS = ["/usr/share/fonts", "/usr/local/share/fonts"]
MAX_COMPONENT_DEPTH = 32     # deeper nesting than this is taken for a cycle
MAX_FORM_DEPTH = 16          # form XObjects drawing form XObjects
SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


class Unreadable(Exception):
    """The PDF, or a font needed to check it, cannot be read: exit 2."""


class BadGlyph(Exception):
    """A glyph cannot be resolved (missing component, cycle)."""


# --------------------------------------------------------------------------
# The PDF, through qpdf's JSON

REF = re.compile(r"^\d+ \d+ R$")


def pdf_name(s):
    """A PDF name ('/F#201', str or bytes) without '/' and #xx escapes."""
    if isinstance(s, bytes):
        s = s.decode("latin-1")
    return re.sub(r"#([0-9A-Fa-f]{2})",
                  lambda m: chr(int(m.group(1), 16)), s[1:])


class Pdf:
    """The objects of one PDF as qpdf's JSON (version 2) gives them.

    Values are JSON: names "/Name", references "12 0 R", strings "u:text";
    a stream is {"dict": ..., "data": base64 of the decoded bytes}.
    """

    def __init__(self, path):
        cmd = ["qpdf", "--json=2", "--json-key=qpdf", "--json-key=pages",
               "--json-stream-data=inline", "--decode-level=generalized",
               # qpdf has no "--": keep a name like "-x.pdf" from being
               # taken for an option
               "./" + path if path.startswith("-") else path]
        try:
            run = subprocess.run(cmd, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
        except OSError as e:
            raise Unreadable("cannot run qpdf (apt-get install qpdf): %s"
                             % e.strerror)
        lines = [l for l in run.stderr.decode("utf-8", "replace")
                 .splitlines() if l.strip()]
        # qpdf exits 3 when it had to repair the file, 2 when it cannot
        # read it: either way the PDF is damaged, and not checked.
        if run.returncode == 3:
            raise Unreadable("damaged, qpdf had to repair it: %s" % (
                re.sub(r"^WARNING: ", "", lines[0]) if lines else "?"))
        if run.returncode != 0:
            errors = [l for l in lines if not l.startswith("WARNING")]
            raise Unreadable("qpdf cannot read it: %s" % (
                (errors or lines or ["exit %d" % run.returncode])[-1]))
        try:
            doc = json.loads(run.stdout)
            self.objs = doc["qpdf"][1]
            self.pages = [p["object"] for p in doc["pages"]]
        except (ValueError, KeyError, IndexError, TypeError):
            raise Unreadable("qpdf gave no usable JSON (qpdf 11 is needed)")

    def get(self, x):
        """x with indirect references followed (a stream: its dictionary)."""
        for _ in range(32):
            if not (isinstance(x, str) and REF.match(x)):
                return x
            o = self.objs.get("obj:" + x)
            if o is None:
                return None                    # a missing object is null
            x = o["stream"]["dict"] if "stream" in o else o.get("value")
        raise Unreadable("a cycle of references")

    def dict(self, x, what):
        d = self.get(x)
        if not isinstance(d, dict):
            raise Unreadable("%s is not a dictionary" % what)
        return d

    def stream(self, x, what):
        """The decoded bytes of the stream x refers to."""
        o = self.objs.get("obj:" + x) if isinstance(x, str) else None
        if o is None or "stream" not in o:
            raise Unreadable("%s is not a stream" % what)
        if "/Filter" in o["stream"]["dict"]:
            raise Unreadable("%s (%s): qpdf cannot decode its filter %s"
                             % (what, x, o["stream"]["dict"]["/Filter"]))
        try:
            return base64.b64decode(o["stream"]["data"])
        except (KeyError, ValueError, TypeError):
            raise Unreadable("%s (%s) has no stream data" % (what, x))

    def page_resources(self, page):
        """A page's /Resources, inherited through the page tree if need be."""
        node = self.get(page)
        for _ in range(32):
            if not isinstance(node, dict):
                break
            if "/Resources" in node:
                return self.get(node["/Resources"])
            node = self.get(node.get("/Parent"))
        return {}

    def page_contents(self, page):
        """A page's content, its streams joined."""
        c = self.get(self.dict(page, "a page").get("/Contents"))
        if c is None:
            return b""
        if isinstance(c, dict):                 # a single stream
            c = [self.dict(page, "a page")["/Contents"]]
        if not isinstance(c, list):
            raise Unreadable("page %s: bad /Contents" % page)
        return b"\n".join(self.stream(x, "page content") for x in c)


# --------------------------------------------------------------------------
# Content streams: which strings are shown with which font

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
NOT_HEX = re.compile(rb"[^0-9A-Fa-f]")
WHITE = re.compile(rb"[\x00\t\n\x0c\r ]+")
ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t",
           ord("b"): b"\b", ord("f"): b"\f"}
INLINE_IMAGE_END = re.compile(rb"[\x00\t\n\x0c\r ]EI(?=[\x00\t\n\x0c\r ]|$)")


class Name(str):
    """A name operand (strings are bytes, numbers float)."""


def literal_string(data, i):
    """The (...) string whose '(' is just before data[i]: (bytes, next i)."""
    out, depth, n = bytearray(), 1, len(data)
    while i < n:
        c = data[i]
        if c == 0x5C:                                  # backslash
            i += 1
            if i >= n:
                break
            c = data[i]
            if c in ESCAPES:
                out += ESCAPES[c]
            elif 0x30 <= c <= 0x37:                    # \ddd, octal
                j = i
                while j < n and j < i + 3 and 0x30 <= data[j] <= 0x37:
                    j += 1
                out.append(int(data[i:j], 8) & 0xFF)
                i = j - 1
            elif c == 0x0D:                            # \ at a line's end
                if i + 1 < n and data[i + 1] == 0x0A:
                    i += 1
            elif c != 0x0A:
                out.append(c)                          # \( \) \\ and others
        else:
            if c == 0x28:
                depth += 1
            elif c == 0x29:
                depth -= 1
                if depth == 0:
                    return bytes(out), i + 1
            out.append(c)
        i += 1
    raise Unreadable("a content stream has an unterminated string")


def operations(data):
    """Yield (operator, operands) for each operator of a content stream."""
    operands, outer, i, n = [], [], 0, len(data)
    while i < n:
        m = TOKEN.match(data, i)
        i, kind, tok = m.end(), m.lastgroup, m.group()
        if kind == "skip":
            continue
        if kind == "open":                    # [ or <<: collect a list
            outer.append(operands)
            operands = []
            continue
        if kind == "close":
            if not outer:
                raise Unreadable("a content stream has an unbalanced %s"
                                 % tok.decode())
            value, operands = operands, outer.pop()
        elif kind == "hex":
            digits = WHITE.sub(b"", tok[1:-1])
            if NOT_HEX.search(digits):
                raise Unreadable("a content stream has a bad hex string")
            value = bytes.fromhex((digits + b"0" * (len(digits) % 2))
                                  .decode())
        elif kind == "lit":
            value, i = literal_string(data, i)
        elif kind == "name":
            value = Name(pdf_name(tok))
        elif kind == "word" and NUMBER.match(tok):
            value = float(tok)
        elif kind == "word" and not outer and tok not in (
                b"true", b"false", b"null"):
            if tok == b"ID":                  # inline image: skip its data
                e = INLINE_IMAGE_END.search(data, i)
                if not e:
                    raise Unreadable("a content stream has an inline "
                                     "image without EI")
                i, tok = e.end(), b"EI"
            yield tok, operands
            operands = []
            continue
        else:
            value = None                      # true, false, null, strays
        operands.append(value)
    if outer:
        raise Unreadable("a content stream has an unclosed [ or <<")


class ShownText:
    """The byte strings each font shows, found by running content streams.

    Tracks the font (Tf) through q/Q, and follows form XObjects (Do), which
    start with the font current where they are drawn.
    """

    def __init__(self, pdf):
        self.pdf = pdf
        self.fonts = {}       # key -> font dictionary
        self.shown = {}       # key -> set of byte strings shown
        self.problems = set() # faults met on the way

    def run(self, data, resources, font=None, forms=()):
        resources = self.pdf.get(resources)
        if not isinstance(resources, dict):
            resources = {}
        saved = []
        for op, args in operations(data):
            if op == b"q":
                saved.append(font)
            elif op == b"Q":
                font = saved.pop() if saved else font
            elif op == b"Tf":
                if not args or not isinstance(args[0], Name):
                    raise Unreadable("a content stream has Tf without a "
                                     "font name")
                font = self.font(resources, args[0])
            elif op in (b"Tj", b"'", b'"', b"TJ"):
                last = args[-1] if args else None
                for s in last if isinstance(last, list) else [last]:
                    if not isinstance(s, bytes) or not s:
                        continue
                    if font is None:
                        self.problems.add("text is shown with no font "
                                          "selected")
                    elif font is not False:
                        self.shown[font].add(s)
            elif op == b"Do" and args and isinstance(args[0], Name):
                self.form(resources, args[0], font, forms)

    def font(self, resources, name):
        """The key of the font resource /name (False if there is none)."""
        fonts = self.pdf.get(resources.get("/Font"))
        ref = None
        if isinstance(fonts, dict):
            ref = next((v for k, v in fonts.items() if pdf_name(k) == name),
                       None)
        if ref is None:
            self.problems.add("font /%s is used but not in the resources"
                              % name)
            return False                      # its text: already a fault
        # A font object is known by its reference; a direct one by itself.
        key = ref if isinstance(ref, str) else json.dumps(ref, sort_keys=True)
        if key not in self.fonts:
            self.fonts[key] = self.pdf.dict(ref, "font /" + name)
            self.shown[key] = set()
        return key

    def form(self, resources, name, font, forms):
        xobjects = self.pdf.get(resources.get("/XObject"))
        ref = None
        if isinstance(xobjects, dict):
            ref = next((v for k, v in xobjects.items()
                        if pdf_name(k) == name), None)
        if not isinstance(ref, str) or ref in forms:
            return                            # absent, direct, or a cycle
        d = self.pdf.get(ref)
        if not isinstance(d, dict) or d.get("/Subtype") != "/Form":
            return                            # an image
        if len(forms) >= MAX_FORM_DEPTH:
            raise Unreadable("form XObjects are nested too deep")
        self.run(self.pdf.stream(ref, "form XObject /" + name),
                 d.get("/Resources", resources), font, forms + (ref,))


# --------------------------------------------------------------------------
# Fonts: the embedded programs, the originals, and their glyphs

class Face:
    """A TrueType font with its glyph outlines, resolved and cached."""

    def __init__(self, font):
        self.font = font
        self.glyf = font["glyf"]
        self.order = font.getGlyphOrder()
        self.num_glyphs = len(self.order)
        self._cmap = None
        self._outlines = {}

    def cmap(self):
        """Unicode code point -> glyph id (empty without a Unicode cmap)."""
        if self._cmap is None:
            best = self.font.getBestCmap() if "cmap" in self.font else None
            self._cmap = {u: self.font.getGlyphID(g)
                          for u, g in (best or {}).items()}
        return self._cmap

    def outline(self, gid):
        """(contours, points) of glyph gid, composites resolved all the way."""
        return self._walk(self.order[gid], 0)

    def _walk(self, name, depth):
        if name in self._outlines:
            return self._outlines[name]
        if depth > MAX_COMPONENT_DEPTH:
            raise BadGlyph("components nested over %d deep (a cycle?)"
                           % MAX_COMPONENT_DEPTH)
        if name not in self.glyf:
            raise BadGlyph("its component %s is not in the font" % name)
        g = self.glyf[name]
        if g.isComposite():
            contours = points = 0
            for comp in g.components:
                c, p = self._walk(comp.glyphName, depth + 1)
                contours, points = contours + c, points + p
            result = (contours, points)
        elif g.numberOfContours > 0:
            result = (g.numberOfContours, len(g.coordinates))
        else:
            result = (0, 0)                   # empty (a space, or emptied)
        self._outlines[name] = result
        return result


class FontFinder:
    """Original font files by PostScript name (name ID 6), cached."""

    def __init__(self, dirs):
        self.dirs = dirs
        self._files = None    # every font file under dirs
        self._names = {}      # path -> [(index in collection, PS name)]
        self._faces = {}      # (path, index) -> Face
        self._found = {}      # (names, glyph count) -> (path, index) or None

    def files(self):
        if self._files is None:
            self._files = []
            for top in self.dirs:
                for root, dirs, names in os.walk(top):
                    dirs.sort()
                    self._files += [os.path.join(root, f) for f in
                                    sorted(names) if f.lower().endswith(
                                        (".ttf", ".ttc", ".otf"))]
        return self._files

    def ps_names(self, path):
        """[(index, PostScript name)] of the TrueType fonts in one file."""
        if path not in self._names:
            found = []
            try:
                if path.lower().endswith(".ttc"):
                    fonts = list(enumerate(TTCollection(path, lazy=True)))
                else:
                    fonts = [(-1, TTFont(path, lazy=True))]
                for index, f in fonts:
                    ps = f["name"].getDebugName(6) if "name" in f else None
                    if ps and "glyf" in f:
                        found.append((index, ps))
                    f.close()
            except Exception:     # fontTools raises many kinds on bad files:
                pass              # an unreadable file is just no candidate
            self._names[path] = found
        return self._names[path]

    def face(self, path, index):
        key = (path, index)
        if key not in self._faces:
            try:
                self._faces[key] = Face(TTFont(path, fontNumber=index,
                                               lazy=True))
            except Exception as e:
                raise Unreadable("cannot read the font %s: %s" % (path, e))
        return self._faces[key]

    def find(self, names, num_glyphs):
        """(path, index) of the font with one of these PostScript names.

        Files whose name looks like the font's are read first, all the
        others only if need be. Of several matches, one with the embedded
        font's glyph count wins (libharu keeps every glyph slot).
        """
        key = (tuple(names), num_glyphs)
        if key not in self._found:
            def squash(s):
                return re.sub(r"[^a-z0-9]", "", s.lower())
            stems = {squash(re.split(r"[-,]", n)[0]) for n in names}
            likely = [p for p in self.files()
                      if any(squash(os.path.basename(p)).startswith(s)
                             for s in stems if s)]
            self._found[key] = None
            for group in (likely, self.files()):
                matches = [(p, i) for p in group
                           for i, ps in self.ps_names(p) if ps in names]
                if matches:
                    same = [m for m in matches
                            if self.face(*m).num_glyphs == num_glyphs]
                    self._found[key] = (same or matches)[0]
                    break
        return self._found[key]


def simple_font_unicode(pdf, font):
    """code -> Unicode code point of a 1-byte font, from its /Encoding.

    None for a font without /Encoding (a symbolic font: its codes go
    straight to its (3,0) or (1,0) cmap).
    """
    enc = pdf.get(font.get("/Encoding"))
    if enc is None:
        return None
    base, diffs = enc, []
    if isinstance(enc, dict):
        base = enc.get("/BaseEncoding")
        diffs = pdf.get(enc.get("/Differences")) or []
    table = {}
    names = {"/MacRomanEncoding": MacRoman,
             "/StandardEncoding": StandardEncoding}.get(base)
    if names:
        for code, glyph in enumerate(names):
            u = agl.toUnicode(glyph)
            if len(u) == 1:
                table[code] = ord(u)
    else:                     # WinAnsiEncoding, the default for TrueType
        for code in range(256):
            try:
                table[code] = ord(bytes([code]).decode("cp1252"))
            except UnicodeDecodeError:
                pass
    code = None
    for item in diffs if isinstance(diffs, list) else []:
        if isinstance(item, (int, float)):
            code = int(item)
        elif isinstance(item, str) and item.startswith("/") and code is not \
                None:
            u = agl.toUnicode(pdf_name(item))
            if len(u) == 1:
                table[code] = ord(u)
            else:
                table.pop(code, None)
            code += 1
    return table


def describe(u, code, name):
    """How a glyph is named in a fault: U+1ED1 'ố' (glyph uni1ED1)."""
    if u is None:
        return "code 0x%02X (glyph %s)" % (code, name)
    ch = chr(u)
    shown = (" '%s'" % ch if ch.isprintable() and not unicodedata.combining(ch)
             else "")
    return "U+%04X%s (glyph %s)" % (u, shown, name)


def plural(n, word):
    return "%d %s" % (n, word if n == 1 else word + "s")


def shape(outline):
    c, p = outline
    return "%d contour(s) and %d point(s)" % (c, p)


class FontCheck:
    """Checks the glyphs one font shows against its original font."""

    def __init__(self, pdf, font, shown, finder, verbose):
        self.pdf, self.font, self.shown = pdf, font, shown
        self.finder, self.verbose = finder, verbose
        base = pdf_name(font.get("/BaseFont") or "/(unnamed)")
        self.label = SUBSET_TAG.sub("", base)
        self.faults = []
        self.checked = 0
        self.program = None   # the FontFile2 reference, if any
        self.cid_font = None  # a Type0 font's descendant

    def fault(self, text):
        self.faults.append("font %s: %s" % (self.label, text))

    def locate(self):
        """Find the embedded program: 'truetype', 'other' or 'none'."""
        pdf, font = self.pdf, self.font
        subtype = font.get("/Subtype")
        if subtype == "/Type3":
            return "other"                    # glyphs drawn by the PDF
        descriptor_of = font
        if subtype == "/Type0":
            descendants = pdf.get(font.get("/DescendantFonts"))
            if not isinstance(descendants, list) or not descendants:
                raise Unreadable("font %s has no descendant font"
                                 % self.label)
            descriptor_of = pdf.dict(descendants[0], "descendant font")
            self.cid_font = descriptor_of
        fd = pdf.get(descriptor_of.get("/FontDescriptor"))
        if not isinstance(fd, dict):
            return "none"
        if "/FontFile2" in fd:
            self.program = fd["/FontFile2"]
            return "truetype"
        if "/FontFile" in fd or "/FontFile3" in fd:
            return "other"
        return "none"

    def glyphs_used(self, embedded):
        """{(code point or None, code, embedded glyph id)} shown."""
        pdf, font = self.pdf, self.font
        used = set()
        if font.get("/Subtype") == "/Type0":
            if font.get("/Encoding") != "/Identity-H":
                raise Unreadable("font %s: encoding %s is not supported "
                                 "(libharu writes /Identity-H)"
                                 % (self.label, font.get("/Encoding")))
            if self.cid_font.get("/Subtype") != "/CIDFontType2":
                raise Unreadable("font %s: a TrueType program under a %s"
                                 % (self.label,
                                    self.cid_font.get("/Subtype")))
            c2g = self.cid_font.get("/CIDToGIDMap", "/Identity")
            c2g = None if c2g == "/Identity" else pdf.stream(
                c2g, "font %s: CIDToGIDMap" % self.label)
            for s in self.shown:
                if len(s) % 2:
                    self.fault("a string of an odd number of bytes "
                               "for 2-byte codes")
                for i in range(0, len(s) - 1, 2):
                    cid = s[i] << 8 | s[i + 1]
                    if c2g is None:
                        gid = cid
                    elif 2 * cid + 2 <= len(c2g):
                        gid = c2g[2 * cid] << 8 | c2g[2 * cid + 1]
                    else:
                        gid = 0                 # beyond the map: .notdef
                    # libharu: the CID is the Unicode code point
                    used.add((cid, cid, gid))
            return used
        # A simple TrueType font: 1-byte codes, glyphs through a cmap.
        to_unicode = simple_font_unicode(pdf, font)
        ucmap = embedded.cmap()
        sym = {}
        if "cmap" in embedded.font:
            for pid, eid in ((3, 0), (1, 0)):
                t = embedded.font["cmap"].getcmap(pid, eid)
                if t is not None:
                    sym = {c: embedded.font.getGlyphID(g)
                           for c, g in t.cmap.items()}
                    break
        for code in {b for s in self.shown for b in s}:
            u = to_unicode.get(code) if to_unicode is not None else None
            if u is not None and ucmap:
                gid = ucmap.get(u, 0)
            else:
                gid = sym.get(0xF000 + code, sym.get(code, 0))
            used.add((u, code, gid))
        return used

    def run(self):
        where = self.locate()
        if where == "none":
            if self.shown:
                self.fault("used but not embedded")
            return False
        if where == "other":
            return False                        # not TrueType: not checked
        data = self.pdf.stream(self.program, "font %s: FontFile2"
                               % self.label)
        # The embedded program comes from the PDF: fontTools may fail on it
        # in many ways, each of them a fault of the PDF.
        try:
            embedded = Face(TTFont(io.BytesIO(data), lazy=True))
            ps = (embedded.font["name"].getDebugName(6)
                  if "name" in embedded.font else None)
            used = self.glyphs_used(embedded)
            own_cmap = embedded.cmap()
        except Unreadable:
            raise
        except Exception as e:
            self.fault("the embedded font program cannot be read: %s" % e)
            return True
        # The PostScript name: the embedded font's own, else the BaseFont
        # without its subset tag; libharu adds ",Style" to it when the
        # style is not Regular ("DejaVuSans,Book", "NotoSans-Bold,Bold").
        names = [ps] if ps else []
        for n in (self.label, self.label.split(",")[0]):
            if n not in names:
                names.append(n)
        found = self.finder.find(names, embedded.num_glyphs)
        if found is None:
            raise Unreadable("font %s: no original font file with the "
                             "PostScript name %s under %s"
                             % (self.label, " or ".join(names),
                                ", ".join(self.finder.dirs)))
        original = self.finder.face(*found)
        moved = unlike = 0
        for u, code, gid in sorted(used, key=lambda x: (x[1], x[2])):
            self.checked += 1
            # libharu keeps the font's cmap: where it has the character, it
            # should agree with the PDF's code -> glyph mapping (this is how
            # "the CID is the code point" is seen to hold).
            if u is not None and own_cmap.get(u, gid) != gid:
                unlike += 1
            ogid = original.cmap().get(u) if u is not None else None
            if gid >= embedded.num_glyphs:
                self.fault("%s: glyph id %d is beyond the embedded font's "
                           "%s" % (describe(u, code, "?"), gid,
                                   plural(embedded.num_glyphs, "glyph")))
                continue
            what = describe(u, code, embedded.order[gid])
            if gid == 0:
                self.fault("%s: shown as .notdef (a missing glyph box)%s"
                           % (what, "" if ogid is None else
                              ", the original font has glyph %s"
                              % original.order[ogid]))
                continue
            if ogid is None:
                ogid = gid    # no such character there: trust the glyph id
            elif ogid != gid:
                moved += 1
            try:
                have = embedded.outline(gid)
            except BadGlyph as e:
                self.fault("%s: embedded glyph is broken: %s" % (what, e))
                continue
            except Exception as e:
                self.fault("%s: embedded glyph cannot be read: %s"
                           % (what, e))
                continue
            try:
                want = original.outline(ogid)
            except Exception as e:
                raise Unreadable("font %s: glyph %s of %s cannot be read: "
                                 "%s" % (self.label, original.order[ogid],
                                         found[0], e))
            if have == want:
                continue
            if have == (0, 0):
                self.fault("%s: embedded outline is empty, original has %s"
                           % (what, shape(want)))
            else:
                self.fault("%s: embedded outline has %s, original %s"
                           % (what, shape(have), shape(want)))
        if self.verbose:
            sys.stderr.write(
                "glyphcheck: font %s: original %s; %s checked; glyph "
                "slots %d embedded, %d original; glyph ids %s; the "
                "embedded cmap %s\n"
                % (self.label, found[0], plural(len(used), "glyph"),
                   embedded.num_glyphs, original.num_glyphs,
                   "kept" if not moved else
                   "differ for %d (a renumbered subset)" % moved,
                   "agrees" if not unlike else
                   "disagrees for %d (codes are not code points?)"
                   % unlike))
        return True


# --------------------------------------------------------------------------

def check_pdf(path, finder, verbose):
    """(fault lines, summary line) for one PDF; Unreadable if it cannot."""
    if not os.path.isfile(path):
        raise Unreadable("no such file" if not os.path.exists(path)
                         else "not a regular file")
    pdf = Pdf(path)
    text = ShownText(pdf)
    for number, page in enumerate(pdf.pages, 1):
        try:
            text.run(pdf.page_contents(page), pdf.page_resources(page))
        except Unreadable as e:
            raise Unreadable("page %d: %s" % (number, e))
    faults = sorted(text.problems)
    fonts = glyphs = 0
    for key, font in text.fonts.items():
        check = FontCheck(pdf, font, text.shown[key], finder, verbose)
        if check.run():
            fonts += 1
            glyphs += check.checked
        faults += check.faults
    if fonts == 0:
        faults.append("no embedded TrueType font")
    summary = "%s: %s, %s checked, all whole" % (
        path, plural(fonts, "font"), plural(glyphs, "glyph"))
    return ["%s: %s" % (path, f) for f in faults], summary


def main(argv):
    verbose, dirs, files, args = False, [], [], list(argv[1:])
    while args:
        a = args.pop(0)
        if a == "--":
            files += args
            break
        if a in ("-h", "--help"):
            print(__doc__.strip())
            return 0
        if a in ("-v", "--verbose"):
            verbose = True
        elif a == "--fonts" or a.startswith("--fonts="):
            d = a[len("--fonts="):] if "=" in a else (args.pop(0) if args
                                                      else "")
            if not os.path.isdir(d):
                sys.stderr.write("glyphcheck: --fonts needs a folder\n%s\n"
                                 % USAGE)
                return 2
            dirs.append(d)
        elif a.startswith("-") and a != "-":
            sys.stderr.write("glyphcheck: unknown option %s\n%s\n"
                             % (a, USAGE))
            return 2
        else:
            files.append(a)
    if not files:
        sys.stderr.write(USAGE + "\n")
        return 2
    finder = FontFinder(dirs + FONT_DIRS)
    status = 0
    for path in files:
        try:
            faults, summary = check_pdf(path, finder, verbose)
        except Unreadable as e:
            sys.stderr.write("glyphcheck: %s: %s\n" % (path, e))
            status = 2
            continue
        except Exception as e:
            # A malformed PDF can upset this code in ways not foreseen:
            # still a message and exit 2, not a traceback.
            sys.stderr.write("glyphcheck: %s: cannot check it (%s: %s)\n"
                             % (path, type(e).__name__, e))
            status = 2
            continue
        for f in faults:
            print(f)
        if faults:
            status = max(status, 1)
        else:
            print(summary)
    return status


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except BrokenPipeError:          # output piped into head and the like
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
