#!/usr/bin/env python3
"""A reference decoder for every encoding of the WHATWG Encoding Standard, written from the
standard's text and kept independent of parser/input.c, so that tests/encoding_diff.py can
compare the two on the same bytes.

Each decoder is the standard's handler, step for step: it reads one byte (or end-of-queue)
from an I/O queue, may restore ("prepend") bytes it has read to that queue, and returns a
code point (or two, for four Big5 pointers), "continue", "finished" or "error". The driver
below runs the standard's "process a queue" loop in replacement error mode and records, for
each error, the original offset of the first byte the error consumed: the first byte read
since the previous result that was not restored to the queue. An error at end-of-queue thus
reports the offset of the pending lead. A decoder that returns "continue" with nothing
pending (an ISO-2022-JP escape sequence that switched state) ends the run of bytes, so a
later error does not reach back over it.

Newline normalisation (CR and CRLF to LF) is not part of any decoder; the differential test
applies it to the decoded code points itself.

Index data: tools/data/encoding-indexes.js (a JavaScript object literal of the standard's
indexes), with the Encoding Standard's 2024 update of index gb18030 to GB18030-2022 applied
here, since older copies of that file predate it.

Usage as a program:  encoding_ref.py ENCODING HEXBYTES
prints each code point with the offset of its first byte (U+3042@5), then the errors.
"""
import json
import os
import sys

EOQ = None  # end-of-queue
CONTINUE = "continue"
FINISHED = "finished"
ERROR = "error"

# The 2024 change of index gb18030 (GB18030-2022): these two-byte sequences map to the
# standard characters that GB18030-2005 had only in the private use area.
GB18030_2022 = {
    0xA6D9: 0xFE10, 0xA6DA: 0xFE12, 0xA6DB: 0xFE11, 0xA6DC: 0xFE13, 0xA6DD: 0xFE14,
    0xA6DE: 0xFE15, 0xA6DF: 0xFE16, 0xA6EC: 0xFE17, 0xA6ED: 0xFE18, 0xA6F3: 0xFE19,
    0xFE59: 0x9FB4, 0xFE61: 0x9FB5, 0xFE66: 0x9FB6, 0xFE67: 0x9FB7, 0xFE6D: 0x9FB8,
    0xFE7E: 0x9FB9, 0xFE90: 0x9FBA, 0xFEA0: 0x9FBB,
}

SINGLE_BYTE = [
    "IBM866", "ISO-8859-2", "ISO-8859-3", "ISO-8859-4", "ISO-8859-5", "ISO-8859-6",
    "ISO-8859-7", "ISO-8859-8", "ISO-8859-8-I", "ISO-8859-10", "ISO-8859-13", "ISO-8859-14",
    "ISO-8859-15", "ISO-8859-16", "KOI8-R", "KOI8-U", "macintosh", "windows-874",
    "windows-1250", "windows-1251", "windows-1252", "windows-1253", "windows-1254",
    "windows-1255", "windows-1256", "windows-1257", "windows-1258", "x-mac-cyrillic",
]
CJK = ["GBK", "gb18030", "Big5", "EUC-JP", "ISO-2022-JP", "Shift_JIS", "EUC-KR"]
ENCODINGS = (["UTF-8", "UTF-16LE", "UTF-16BE"] + SINGLE_BYTE + ["x-user-defined"] + CJK
             + ["replacement"])


def is_ascii(byte):
    return byte is not EOQ and byte <= 0x7F


def in_range(byte, lo, hi):
    return byte is not EOQ and lo <= byte <= hi


# ---------------------------------------------------------------------------------------
# Index data


def find_indexes_file():
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [os.environ.get("SALVAGE_ENCODING_INDEXES"),
                  os.path.join(here, "..", "tools", "data", "encoding-indexes.js")]
    for path in candidates:
        if path and os.path.isfile(path):
            return path
    return None


def load_indexes(path):
    """The object literal between 'global["encoding-indexes"] =' and its closing '};'."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    marker = 'global["encoding-indexes"] ='
    start = text.index(marker) + len(marker)
    end = text.rindex("};")
    indexes = json.loads(text[start:end + 1])
    gb = indexes["gb18030"]
    for bytes2, cp in GB18030_2022.items():
        lead, trail = bytes2 >> 8, bytes2 & 0xFF
        gb[(lead - 0x81) * 190 + trail - (0x40 if trail < 0x7F else 0x41)] = cp
    return indexes


class Index:
    """The standard's "index code point for pointer": the entry, or null past the end."""

    def __init__(self, table):
        self.table = table

    def code_point(self, pointer):
        if pointer is None or pointer < 0 or pointer >= len(self.table):
            return None
        return self.table[pointer]


def gb18030_ranges_code_point(ranges, pointer):
    """The standard's "index gb18030 ranges code point"."""
    # 1. The pointers between U+FFFF's and U+10000's, and past U+10FFFF's, are not assigned.
    if 39419 < pointer < 189000 or pointer > 1237575:
        return None
    # 2. The one pointer the ranges do not cover.
    if pointer == 7457:
        return 0xE7C7
    # 3-4. The last range starting at or before pointer.
    offset, cp_offset = 0, 0
    for start, cp in ranges:
        if start > pointer:
            break
        offset, cp_offset = start, cp
    return cp_offset + pointer - offset


# ---------------------------------------------------------------------------------------
# The I/O queue


class Queue:
    """Bytes followed by end-of-queue. Restoring puts bytes back at the front; the bytes a
    decoder restores are always the last ones it read, in order, so restoring is a step
    back in the input and every byte keeps its original offset."""

    def __init__(self, data):
        self.data = data
        self.pos = 0

    def read(self):
        if self.pos >= len(self.data):
            return EOQ
        b = self.data[self.pos]
        self.pos += 1
        return b

    def restore(self, seq):
        seq = [b for b in seq if b is not EOQ]
        n = len(seq)
        assert n <= self.pos and list(self.data[self.pos - n:self.pos]) == seq, \
            "restored bytes are not the last bytes read"
        self.pos -= n


# ---------------------------------------------------------------------------------------
# UTF-8 and UTF-16


class Utf8Decoder:
    def __init__(self, _indexes):
        self.cp = 0
        self.needed = 0
        self.seen = 0
        self.lower = 0x80
        self.upper = 0xBF

    def idle(self):
        return self.needed == 0

    def handler(self, q, byte):
        # 1-2. end-of-queue: error when a sequence is under way, else finished.
        if byte is EOQ:
            if self.needed != 0:
                self.needed = 0
                return ERROR
            return FINISHED
        # 3. No sequence under way: a lead byte.
        if self.needed == 0:
            if byte <= 0x7F:
                return [byte]
            if 0xC2 <= byte <= 0xDF:
                self.needed, self.cp = 1, byte & 0x1F
            elif 0xE0 <= byte <= 0xEF:
                if byte == 0xE0:
                    self.lower = 0xA0
                if byte == 0xED:
                    self.upper = 0x9F
                self.needed, self.cp = 2, byte & 0xF
            elif 0xF0 <= byte <= 0xF4:
                if byte == 0xF0:
                    self.lower = 0x90
                if byte == 0xF4:
                    self.upper = 0x8F
                self.needed, self.cp = 3, byte & 0x7
            else:
                return ERROR
            return CONTINUE
        # 4. A byte outside the bounds: the sequence ends, the byte is read again.
        if not self.lower <= byte <= self.upper:
            self.cp = self.needed = self.seen = 0
            self.lower, self.upper = 0x80, 0xBF
            q.restore([byte])
            return ERROR
        # 5-9. A continuation byte.
        self.lower, self.upper = 0x80, 0xBF
        self.cp = (self.cp << 6) | (byte & 0x3F)
        self.seen += 1
        if self.seen != self.needed:
            return CONTINUE
        cp = self.cp
        self.cp = self.needed = self.seen = 0
        return [cp]


class Utf16Decoder:
    """The shared UTF-16 decoder; big_endian selects UTF-16BE."""

    def __init__(self, big_endian):
        self.be = big_endian
        self.lead_byte = None
        self.lead_surrogate = None

    def idle(self):
        return self.lead_byte is None and self.lead_surrogate is None

    def handler(self, q, byte):
        # 1-2. end-of-queue.
        if byte is EOQ:
            if self.lead_byte is not None or self.lead_surrogate is not None:
                self.lead_byte = self.lead_surrogate = None
                return ERROR
            return FINISHED
        # 3. The first byte of a code unit.
        if self.lead_byte is None:
            self.lead_byte = byte
            return CONTINUE
        # 4. The code unit.
        if self.be:
            unit = (self.lead_byte << 8) + byte
        else:
            unit = (byte << 8) + self.lead_byte
        self.lead_byte = None
        # 5. After a leading surrogate: a trailing one completes the pair; anything else is
        #    an error and the code unit's two bytes are read again.
        if self.lead_surrogate is not None:
            lead = self.lead_surrogate
            self.lead_surrogate = None
            if 0xDC00 <= unit <= 0xDFFF:
                return [0x10000 + ((lead - 0xD800) << 10) + (unit - 0xDC00)]
            b1, b2 = unit >> 8, unit & 0xFF
            q.restore([b1, b2] if self.be else [b2, b1])
            return ERROR
        # 6. A leading surrogate waits for its pair.
        if 0xD800 <= unit <= 0xDBFF:
            self.lead_surrogate = unit
            return CONTINUE
        # 7. A lone trailing surrogate.
        if 0xDC00 <= unit <= 0xDFFF:
            return ERROR
        # 8.
        return [unit]


# ---------------------------------------------------------------------------------------
# Single-byte, x-user-defined, replacement


class SingleByteDecoder:
    def __init__(self, table):
        self.table = table

    def idle(self):
        return True

    def handler(self, _q, byte):
        if byte is EOQ:
            return FINISHED
        if byte <= 0x7F:
            return [byte]
        cp = self.table[byte - 0x80]
        if cp is None:
            return ERROR
        return [cp]


class XUserDefinedDecoder:
    def __init__(self, _indexes):
        pass

    def idle(self):
        return True

    def handler(self, _q, byte):
        if byte is EOQ:
            return FINISHED
        if byte <= 0x7F:
            return [byte]
        return [0xF780 + byte - 0x80]


class ReplacementDecoder:
    """One error for the whole input, none for an empty one."""

    def __init__(self, _indexes):
        self.error_returned = False

    def idle(self):
        return True

    def handler(self, _q, byte):
        if byte is EOQ:
            return FINISHED
        if not self.error_returned:
            self.error_returned = True
            return ERROR
        return FINISHED


# ---------------------------------------------------------------------------------------
# Chinese: gb18030 (and GBK, which uses the same decoder) and Big5


class Gb18030Decoder:
    def __init__(self, indexes):
        self.index = Index(indexes["gb18030"])
        self.ranges = indexes["gb18030-ranges"]
        self.first = self.second = self.third = 0

    def idle(self):
        return self.first == 0

    def handler(self, q, byte):
        # 1-2. end-of-queue.
        if byte is EOQ:
            if self.first == 0 and self.second == 0 and self.third == 0:
                return FINISHED
            self.first = self.second = self.third = 0
            return ERROR
        # 3. The fourth byte of a four-byte sequence.
        if self.third != 0:
            if not 0x30 <= byte <= 0x39:
                q.restore([self.second, self.third, byte])
                self.first = self.second = self.third = 0
                return ERROR
            pointer = ((self.first - 0x81) * (10 * 126 * 10)
                       + (self.second - 0x30) * (10 * 126)
                       + (self.third - 0x81) * 10 + byte - 0x30)
            cp = gb18030_ranges_code_point(self.ranges, pointer)
            self.first = self.second = self.third = 0
            return ERROR if cp is None else [cp]
        # 4. The third byte.
        if self.second != 0:
            if 0x81 <= byte <= 0xFE:
                self.third = byte
                return CONTINUE
            q.restore([self.second, byte])
            self.first = self.second = 0
            return ERROR
        # 5. The second byte: a digit starts a four-byte sequence, else a two-byte one.
        if self.first != 0:
            if 0x30 <= byte <= 0x39:
                self.second = byte
                return CONTINUE
            lead, pointer = self.first, None
            self.first = 0
            offset = 0x40 if byte < 0x7F else 0x41
            if 0x40 <= byte <= 0x7E or 0x80 <= byte <= 0xFE:
                pointer = (lead - 0x81) * 190 + (byte - offset)
            cp = self.index.code_point(pointer)
            if cp is not None:
                return [cp]
            if is_ascii(byte):
                q.restore([byte])
            return ERROR
        # 6-9. A first byte.
        if byte <= 0x7F:
            return [byte]
        if byte == 0x80:
            return [0x20AC]
        if 0x81 <= byte <= 0xFE:
            self.first = byte
            return CONTINUE
        return ERROR


class Big5Decoder:
    # Pointers that decode to a base letter and a combining mark.
    PAIRS = {1133: [0x00CA, 0x0304], 1135: [0x00CA, 0x030C],
             1164: [0x00EA, 0x0304], 1166: [0x00EA, 0x030C]}

    def __init__(self, indexes):
        self.index = Index(indexes["big5"])
        self.lead = 0

    def idle(self):
        return self.lead == 0

    def handler(self, q, byte):
        if byte is EOQ:
            if self.lead != 0:
                self.lead = 0
                return ERROR
            return FINISHED
        if self.lead != 0:
            lead, pointer = self.lead, None
            self.lead = 0
            offset = 0x40 if byte < 0x7F else 0x62
            if 0x40 <= byte <= 0x7E or 0xA1 <= byte <= 0xFE:
                pointer = (lead - 0x81) * 157 + (byte - offset)
            if pointer in self.PAIRS:
                return list(self.PAIRS[pointer])
            cp = self.index.code_point(pointer)
            if cp is not None:
                return [cp]
            if is_ascii(byte):
                q.restore([byte])
            return ERROR
        if byte <= 0x7F:
            return [byte]
        if 0x81 <= byte <= 0xFE:
            self.lead = byte
            return CONTINUE
        return ERROR


# ---------------------------------------------------------------------------------------
# Japanese: EUC-JP, ISO-2022-JP, Shift_JIS


class EucJpDecoder:
    def __init__(self, indexes):
        self.jis0208 = Index(indexes["jis0208"])
        self.jis0212 = Index(indexes["jis0212"])
        self.jis0212_flag = False
        self.lead = 0

    def idle(self):
        return self.lead == 0

    def handler(self, q, byte):
        # 1-2. end-of-queue.
        if byte is EOQ:
            if self.lead != 0:
                self.lead = 0
                return ERROR
            return FINISHED
        # 3. 0x8E: half-width katakana.
        if self.lead == 0x8E and 0xA1 <= byte <= 0xDF:
            self.lead = 0
            return [0xFF61 - 0xA1 + byte]
        # 4. 0x8F: the next two bytes are JIS X 0212.
        if self.lead == 0x8F and 0xA1 <= byte <= 0xFE:
            self.jis0212_flag = True
            self.lead = byte
            return CONTINUE
        # 5. A trail byte.
        if self.lead != 0:
            lead, cp = self.lead, None
            self.lead = 0
            if 0xA1 <= lead <= 0xFE and 0xA1 <= byte <= 0xFE:
                index = self.jis0212 if self.jis0212_flag else self.jis0208
                cp = index.code_point((lead - 0xA1) * 94 + byte - 0xA1)
            self.jis0212_flag = False
            if cp is not None:
                return [cp]
            if is_ascii(byte):
                q.restore([byte])
            return ERROR
        # 6-8. A first byte.
        if byte <= 0x7F:
            return [byte]
        if byte == 0x8E or byte == 0x8F or 0xA1 <= byte <= 0xFE:
            self.lead = byte
            return CONTINUE
        return ERROR


class Iso2022JpDecoder:
    ASCII, ROMAN, KATAKANA, LEAD, TRAIL, ESCAPE_START, ESCAPE = range(7)

    def __init__(self, indexes):
        self.jis0208 = Index(indexes["jis0208"])
        self.state = self.ASCII
        self.output_state = self.ASCII
        self.lead = 0
        self.output = False

    def idle(self):
        return self.state in (self.ASCII, self.ROMAN, self.KATAKANA, self.LEAD)

    def handler(self, q, byte):
        s = self.state
        if s == self.ASCII:
            return self.ascii(byte)
        if s == self.ROMAN:
            return self.roman(byte)
        if s == self.KATAKANA:
            return self.katakana(byte)
        if s == self.LEAD:
            return self.lead_byte(byte)
        if s == self.TRAIL:
            return self.trail_byte(q, byte)
        if s == self.ESCAPE_START:
            return self.escape_start(q, byte)
        return self.escape(q, byte)

    def ascii(self, byte):
        if byte == 0x1B:
            self.state = self.ESCAPE_START
            return CONTINUE
        if byte is EOQ:
            return FINISHED
        self.output = False
        if byte <= 0x7F and byte not in (0x0E, 0x0F):
            return [byte]
        return ERROR

    def roman(self, byte):
        if byte == 0x1B:
            self.state = self.ESCAPE_START
            return CONTINUE
        if byte is EOQ:
            return FINISHED
        self.output = False
        if byte == 0x5C:
            return [0x00A5]
        if byte == 0x7E:
            return [0x203E]
        if byte <= 0x7F and byte not in (0x0E, 0x0F):
            return [byte]
        return ERROR

    def katakana(self, byte):
        if byte == 0x1B:
            self.state = self.ESCAPE_START
            return CONTINUE
        if byte is EOQ:
            return FINISHED
        self.output = False
        if 0x21 <= byte <= 0x5F:
            return [0xFF61 - 0x21 + byte]
        return ERROR

    def lead_byte(self, byte):
        if byte == 0x1B:
            self.state = self.ESCAPE_START
            return CONTINUE
        if byte is EOQ:
            return FINISHED
        self.output = False
        if 0x21 <= byte <= 0x7E:
            self.lead = byte
            self.state = self.TRAIL
            return CONTINUE
        return ERROR

    def trail_byte(self, q, byte):
        # ESC after a lead: the pair is an error and the escape sequence starts.
        if byte == 0x1B:
            self.state = self.ESCAPE_START
            return ERROR
        self.state = self.LEAD
        if in_range(byte, 0x21, 0x7E):
            pointer = (self.lead - 0x21) * 94 + byte - 0x21
            cp = self.jis0208.code_point(pointer)
            return ERROR if cp is None else [cp]
        if byte is EOQ:
            q.restore([byte])
        return ERROR

    def escape_start(self, q, byte):
        # 1. "$" or "(" continues an escape sequence.
        if byte == 0x24 or byte == 0x28:
            self.lead = byte
            self.state = self.ESCAPE
            return CONTINUE
        # 2-3. Anything else is read again in the state before the ESC.
        q.restore([byte])
        self.output = False
        self.state = self.output_state
        return ERROR

    def escape(self, q, byte):
        # 1-3. The escape sequences: ESC ( B, ESC ( J, ESC ( I, ESC $ @, ESC $ B.
        lead = self.lead
        self.lead = 0
        state = None
        if lead == 0x28 and byte == 0x42:
            state = self.ASCII
        elif lead == 0x28 and byte == 0x4A:
            state = self.ROMAN
        elif lead == 0x28 and byte == 0x49:
            state = self.KATAKANA
        elif lead == 0x24 and byte in (0x40, 0x42):
            state = self.LEAD
        # 4. A switch with no output since the previous one is an error.
        if state is not None:
            self.state = self.output_state = state
            output = self.output
            self.output = True
            return ERROR if output else CONTINUE
        # 5-6. Not an escape sequence: its bytes after the ESC are read again.
        q.restore([lead, byte])
        self.output = False
        self.state = self.output_state
        return ERROR


class ShiftJisDecoder:
    def __init__(self, indexes):
        self.jis0208 = Index(indexes["jis0208"])
        self.lead = 0

    def idle(self):
        return self.lead == 0

    def handler(self, q, byte):
        if byte is EOQ:
            if self.lead != 0:
                self.lead = 0
                return ERROR
            return FINISHED
        if self.lead != 0:
            lead, pointer = self.lead, None
            self.lead = 0
            offset = 0x40 if byte < 0x7F else 0x41
            lead_offset = 0x81 if lead < 0xA0 else 0xC1
            if 0x40 <= byte <= 0x7E or 0x80 <= byte <= 0xFC:
                pointer = (lead - lead_offset) * 188 + byte - offset
            # The end-user-defined area of the index maps to the private use area.
            if pointer is not None and 8836 <= pointer <= 10715:
                return [0xE000 - 8836 + pointer]
            cp = self.jis0208.code_point(pointer)
            if cp is not None:
                return [cp]
            if is_ascii(byte):
                q.restore([byte])
            return ERROR
        if byte <= 0x80:
            return [byte]
        if 0xA1 <= byte <= 0xDF:
            return [0xFF61 - 0xA1 + byte]
        if 0x81 <= byte <= 0x9F or 0xE0 <= byte <= 0xFC:
            self.lead = byte
            return CONTINUE
        return ERROR


# ---------------------------------------------------------------------------------------
# Korean: EUC-KR


class EucKrDecoder:
    def __init__(self, indexes):
        self.index = Index(indexes["euc-kr"])
        self.lead = 0

    def idle(self):
        return self.lead == 0

    def handler(self, q, byte):
        if byte is EOQ:
            if self.lead != 0:
                self.lead = 0
                return ERROR
            return FINISHED
        if self.lead != 0:
            lead, pointer = self.lead, None
            self.lead = 0
            if 0x41 <= byte <= 0xFE:
                pointer = (lead - 0x81) * 190 + (byte - 0x41)
            cp = self.index.code_point(pointer)
            if cp is not None:
                return [cp]
            if is_ascii(byte):
                q.restore([byte])
            return ERROR
        if byte <= 0x7F:
            return [byte]
        if 0x81 <= byte <= 0xFE:
            self.lead = byte
            return CONTINUE
        return ERROR


# ---------------------------------------------------------------------------------------
# The driver


def make_decoder(name, indexes):
    if name == "UTF-8":
        return Utf8Decoder(indexes)
    if name in ("UTF-16LE", "UTF-16BE"):
        return Utf16Decoder(name == "UTF-16BE")
    if name in SINGLE_BYTE:
        index = "iso-8859-8" if name == "ISO-8859-8-I" else name.lower()
        return SingleByteDecoder(indexes[index])
    classes = {"x-user-defined": XUserDefinedDecoder, "GBK": Gb18030Decoder,
               "gb18030": Gb18030Decoder, "Big5": Big5Decoder, "EUC-JP": EucJpDecoder,
               "ISO-2022-JP": Iso2022JpDecoder, "Shift_JIS": ShiftJisDecoder,
               "EUC-KR": EucKrDecoder, "replacement": ReplacementDecoder}
    return classes[name](indexes)


def decode(name, data, indexes, starts=None):
    """Decodes bytes with the named encoding's decoder: (code points, error offsets). Each
    error is one U+FFFD in the code points. With a list for starts, appends the original
    offset of each code point's first byte (None for the second code point of a pair)."""
    dec = make_decoder(name, indexes)
    q = Queue(bytes(data))
    cps, errors = [], []
    start = 0  # offset of the first byte read since the previous result
    while True:
        result = dec.handler(q, q.read())
        if result == FINISHED:
            break
        if result == CONTINUE:
            if dec.idle():
                start = q.pos
            continue
        if result == ERROR:
            # An error that consumed no byte of its own (all it read was restored, and the
            # byte before it went to an earlier result) is placed at that byte.
            at = start if start < q.pos else q.pos - 1
            errors.append(at)
            result = [0xFFFD]
        else:
            at = start
        cps.extend(result)
        if starts is not None:
            starts.extend([at] + [None] * (len(result) - 1))
        start = q.pos
    return cps, errors


def main(argv):
    if len(argv) != 3 or argv[1] not in ENCODINGS:
        sys.stderr.write("usage: encoding_ref.py ENCODING HEXBYTES\nencodings: %s\n"
                         % " ".join(ENCODINGS))
        return 2
    path = find_indexes_file()
    if path is None:
        sys.stderr.write("encoding_ref.py: encoding-indexes.js not found\n")
        return 2
    starts = []
    cps, errors = decode(argv[1], bytes.fromhex(argv[2]), load_indexes(path), starts)
    print("code points:", " ".join("U+%04X@%s" % (c, s) for c, s in zip(cps, starts)))
    print("errors at:", " ".join(str(e) for e in errors))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
